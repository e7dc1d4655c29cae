//! `okrbook init`: a new handbook with settings, a team, an objective and a guide.

use crate::date::Date;
use crate::period::Period;
use std::path::{Path, PathBuf};

/// Writes a starter handbook into `dir`. Refuses to touch a folder that already has a `book.toml`.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, String> {
    if dir.join("book.toml").exists() {
        return Err(format!(
            "{} already has a book.toml; okrbook init only starts new handbooks",
            dir.display()
        ));
    }
    let period = Period::quarter_containing(today, 1);
    let start = period.start(1);
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
# For a GitHub Pages project site, use "/<repository>/".
site-url = "/"
# edit-url-template = "https://github.com/<org>/<repo>/edit/main/{{path}}"

[okr]
# current-period = "{period}"
quarter-start-month = 1
"#
            ),
        ),
        (".gitignore".into(), "/book\n".into()),
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
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}
