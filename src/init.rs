//! `okrbook init`: a new handbook with settings, a team, an objective and a guide.

use crate::date::Date;
use crate::period::{FiscalYear, Period};
use std::path::{Path, PathBuf};

/// The GitHub Actions workflow `init` writes, before [`workflow`] fills in
/// `{action}` and `{version}`.
const WORKFLOW_TEMPLATE: &str = r#"# Written by `okrbook init` {version}.
#
# On a pull request: checks the handbook (findings land on the changed lines)
# and adds what the pull request does to the goals to the job summary.
# On a push to the repository's default branch, every morning (so scores move
# with the calendar) and when run by hand: builds the site and publishes it on
# GitHub Pages, at the address Pages gives the repository.
#
# Publishing needs Settings > Pages > Source set to "GitHub Actions", once.
# okrbook {version} is installed from its release, checksum verified; to upgrade,
# change the version in both "Install okrbook" steps (the tag and `version`).
# This file assumes the handbook (book.toml) is at the root of the repository.
name: okrbook

on:
  pull_request:
  push:
    # Every branch (not tags); the publish job keeps only the default branch.
    branches: ["**"]
  schedule:
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    # A new push to the pull request cancels the check of the previous one.
    concurrency:
      group: okrbook-${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}
      cancel-in-progress: true
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history, so that `okrbook diff` can read the base branch.
          fetch-depth: 0
      - name: Install okrbook
        uses: {action}@v{version}
        with:
          version: "{version}"
      - name: Check
        run: okrbook check --format github
      - name: Summarize the changes to the goals
        if: ${{ !cancelled() }}
        env:
          BASE_REF: ${{ github.base_ref }}
        run: okrbook diff "origin/$BASE_REF" HEAD >> "$GITHUB_STEP_SUMMARY"

  publish:
    # Scheduled runs are always on the default branch (and their event does
    # not name it); pushes and manual runs only there.
    if: >-
      github.event_name == 'schedule' ||
      (github.event_name != 'pull_request' &&
      github.ref_name == github.event.repository.default_branch)
    runs-on: ubuntu-latest
    timeout-minutes: 20
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history, so that objective pages can show the targets
          # changed after a quarter started (a shallow clone has none).
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install okrbook
        uses: {action}@v{version}
        with:
          version: "{version}"
      - name: Build
        env:
          # The site's address: project site, user site or custom domain.
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: okrbook build --site-url "$BASE_URL/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: book
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// okrbook's repository on GitHub as `owner/name`, from Cargo.toml's `repository`.
pub fn github_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/")
        .unwrap_or(url)
        .trim_end_matches('/')
}

/// The workflow `init` writes: it installs this very version of okrbook with
/// the action in okrbook's repository, checks pull requests and summarises
/// what they change, and publishes the default branch on GitHub Pages.
pub fn workflow() -> String {
    WORKFLOW_TEMPLATE
        .replace("{action}", github_repository())
        .replace("{version}", env!("CARGO_PKG_VERSION"))
}

/// Writes a starter handbook into `dir`. Refuses to touch a folder that already has a `book.toml`.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, String> {
    // `symlink_metadata`: a link, even one to nothing, counts as there (writing through it would write elsewhere).
    if std::fs::symlink_metadata(dir.join("book.toml")).is_ok() {
        return Err(format!(
            "{} already has a book.toml; okrbook init only starts new handbooks",
            dir.display()
        ));
    }
    let period = Period::quarter_containing(today, FiscalYear::CALENDAR);
    let start = period.start(FiscalYear::CALENDAR);
    let first_checkin = today.max(start);
    let title = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty())
        .map(|n| format!("{n} OKRs"))
        .unwrap_or_else(|| "Our OKRs".to_string());
    let files: Vec<(String, String)> = vec![
        (
            "book.toml".into(),
            format!(
                r#"[book]
title = "{title}"
description = "What we are trying to achieve, and how far we got."
src = "content"

[build]
build-dir = "book"

[output.html]
# The site's address; the workflow's `okrbook build --site-url` sets it on GitHub Pages.
site-url = "/"
# edit-url-template = "https://github.com/<org>/<repo>/edit/main/{{path}}"

[okr]
# current-period = "{period}"
quarter-start-month = 1
# With a fiscal year that does not start in January: "end" names it after the
# calendar year it ends in (FY2027 = February 2026 to January 2027).
# fiscal-year-named-by = "start"
"#
            ),
        ),
        (".gitignore".into(), "/book\n".into()),
        (".github/workflows/okrbook.yml".into(), workflow()),
        (
            "content/index.md".into(),
            "---\ntitle: Welcome\n---\nThis handbook holds our objectives and key results: what each team is trying \
             to achieve this quarter, how it connects to the company's goals, and how far along it is.\n\nPropose a \
             change to any goal through a pull request.\n"
                .into(),
        ),
        (
            "content/teams/engineering.md".into(),
            "---\ntype: team\nname: Engineering\nlead: Alex Example\nmembers: [Alex Example, Sam Example]\n---\n\
             We build and run the product.\n"
                .into(),
        ),
        (
            format!("content/engineering/{period}/faster-releases.md"),
            format!(
                r#"---
title: Customers get fixes the day we make them
period: {period}
team: engineering
owner: Alex Example
tags: [delivery]
key_results:
  - id: lead-time
    title: Median lead time from merge to production, in hours
    owner: Sam Example
    unit: hours
    baseline: 72
    target: 8
    measured_by: Deploy pipeline timestamps
    checkins:
      - date: {first_checkin}
        value: 60
        confidence: medium
        note: Nightly deploys are now automatic.
  - id: change-failure-rate
    title: Change failure rate stays at or below 10%
    owner: Alex Example
    kind: guardrail
    unit: "%"
    baseline: 8
    target: 10
    direction: at_most
    checkins:
      - date: {first_checkin}
        value: 7
        confidence: high
initiatives:
  - title: Deploy on every merge
    owner: Sam Example
    status: in_progress
    key_results: [lead-time]
---
Waiting days for a fix erodes our customers' trust. Shipping on merge shortens the wait.
"#
            ),
        ),
        (
            "content/guides/writing-okrs.md".into(),
            "---\ntitle: How we write OKRs\norder: 1\n---\n# Objectives\n\nAn objective says what we want to be \
             true, in plain words.\n\n# Key results\n\nTwo to four key results per objective, each a number we can \
             measure, with a baseline and a target. Measure outcomes, not tasks.\n\n# Check-ins\n\nEvery two weeks, \
             add a check-in with the latest value and how confident we are.\n"
                .into(),
        ),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(&path);
        if std::fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // `create_new`: never over a file, nor through a link made meanwhile.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_is_okrbooks_repository_at_this_version() {
        let repository = github_repository();
        assert_eq!(repository.split('/').count(), 2, "{repository}");
        assert!(!repository.contains(':'), "{repository}");
        let workflow = workflow();
        let action = format!("uses: {repository}@v{}\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(workflow.matches(&action).count(), 2, "{workflow}");
        assert!(!workflow.contains("{action}") && !workflow.contains("{version}"));
    }
}
