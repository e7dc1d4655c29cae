//! Untrusted text: a handbook whose every field tries to inject markup
//! (`tests/fixtures/hostile`: `<script>`, `onerror=`, `javascript:` links and
//! `</svg>` in titles, names, owners, tags, notes, units, ids and bodies) is
//! built, and every byte of every file written is checked: no script the
//! handbook wrote, no event handler attribute, no URL with an unsafe scheme,
//! no element that loads other documents, and `</svg>` in a chart's title
//! stays text. Markdown's own output (tables, task lists, footnotes, links,
//! images, code) survives the sanitizer.
//!
//! The checks read the markup with a small tokenizer (below) rather than
//! searching for strings, so that an escaped payload (`&lt;script&gt;`) passes
//! and a payload that breaks out of an attribute or element fails.

mod common;

use common::html::{code_outside_strings, markup_problems, site_problems};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "2026-11-15";

/// Builds the hostile fixture (never written to) into a fresh folder.
fn build_hostile() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>, String) {
    let out = temp();
    let dest = out.path().join("site");
    let output = build_ok(&fixture("hostile"), &dest, AS_OF, &[]);
    (out, snapshot(&dest), stderr(&output))
}

#[test]
fn no_output_byte_of_a_hostile_handbook_can_run_a_script() {
    let (_dir, files, _) = build_hostile();
    for expected in [
        "index.html",
        "okrs.json",
        "feed.xml",
        "org/2026-Q4/top.html",
        "evil/2026-Q4/child.html",
        "teams/evil.html",
        "guides/how.html",
        "health.html",
    ] {
        assert!(files.contains_key(expected), "{expected} was not written");
    }
    let problems = site_problems(&files);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The payloads are there, as text: escaped, not dropped.
    let top = String::from_utf8_lossy(&files["org/2026-Q4/top.html"]).into_owned();
    assert!(top.contains("Top &lt;/title&gt;&lt;/svg&gt;&lt;script&gt;alert("));
    assert!(top.contains("&lt;img src=x onerror=alert(&#39;top-owner&#39;)&gt;"));
    assert!(top.contains("&lt;script&gt;alert(&#39;note-1&#39;)&lt;/script&gt;"));
    let feed = String::from_utf8_lossy(&files["feed.xml"]).into_owned();
    assert!(!feed.to_ascii_lowercase().contains("<script"));
    assert!(feed.contains("&lt;/svg&gt;&lt;script&gt;"));
    let json: serde_json::Value =
        serde_json::from_slice(&files["okrs.json"]).expect("okrs.json is JSON");
    let titles: Vec<&str> = json["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Top </title></svg><script>alert('top-title')</script>"),
        "JSON keeps the text as written, as data: {titles:?}"
    );
}

#[test]
fn svg_titles_and_chart_labels_keep_closing_tags_as_text() {
    let (_dir, files, _) = build_hostile();
    let page = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
    // Chart titles and descriptions (written by okrbook) hold the titles as text.
    let top = page("org/2026-Q4/top.html");
    let chart_titles: Vec<&str> = top
        .match_indices("<title id=\"")
        .map(|(at, _)| {
            let rest = &top[at..];
            &rest[..rest.find("</title>").unwrap_or(rest.len())]
        })
        .collect();
    assert!(
        chart_titles.iter().any(|t| t.contains("&lt;/svg&gt;")),
        "a chart title holds `</svg>` escaped: {chart_titles:?}"
    );
    // Team names drawn by plotters in the bar chart of team scores.
    let period = page("periods/2026-Q4.html");
    let svg_start = period.find("<svg").expect("the period page has a chart");
    let svg = &period[svg_start..];
    let svg = &svg[..svg.find("</svg>").expect("closed")];
    assert!(
        svg.contains("Evil &lt;/text&gt;&lt;/svg&gt;&lt;script&gt;"),
        "the team name is drawn as text in the chart"
    );
    assert!(!svg.contains("<script"));
}

#[test]
fn markdown_survives_the_sanitizer() {
    let (_dir, files, _) = build_hostile();
    let top = String::from_utf8_lossy(&files["org/2026-Q4/top.html"]).into_owned();
    for kept in [
        "<table>",
        "text-align:right",
        "type=\"checkbox\"",
        "checked=\"\"",
        "href=\"../../guides/how.html#top\"",
        "href=\"https://example.com/a?b=1\"",
        "href=\"mailto:ops@example.com\"",
        "src=\"https://example.com/chart.png\"",
        "href=\"#fn-why\"",
        "id=\"fn-why\"",
        "<code class=\"language-html\">&lt;script&gt;alert(",
        "<code>inline &lt;script&gt;code&lt;/script&gt;</code>",
        "<details><summary>More</summary>Inside</details>",
    ] {
        assert!(top.contains(kept), "{kept:?} is missing from the page");
    }
    // A body cannot borrow the page's own ids and classes.
    assert!(!top.contains("id=\"search\""));
    assert!(!top.contains("class=\"coaching\">styled"));
}

#[test]
fn unsafe_initiative_links_are_dropped_with_a_warning_and_safe_ones_kept() {
    let (_dir, files, stderr) = build_hostile();
    assert_eq!(
        stderr.matches("warning[unsafe-link]").count(),
        5,
        "one warning per unsafe link:\n{stderr}"
    );
    let top = String::from_utf8_lossy(&files["org/2026-Q4/top.html"]).into_owned();
    assert!(top.contains("href=\"https://example.com/rfc/42?a=1&amp;b=&quot;2&quot;\""));
    for title in [
        "Mixed case",
        "Leading space and tab",
        "Data URL",
        "VBScript",
    ] {
        assert!(
            top.contains(title),
            "the initiative {title:?} is still listed"
        );
    }
    assert!(!top.to_ascii_lowercase().contains("vbscript:"));
    assert!(!top.contains("data:text/html"));
}

#[test]
fn the_private_objective_of_the_hostile_handbook_is_nowhere() {
    let (_dir, files, _) = build_hostile();
    private::assert_no_leaks(
        &files,
        &[
            "private-title",
            "private-owner",
            "private-kr",
            "private-note",
            "private-body",
        ],
    );
}

#[cfg(unix)]
#[test]
fn hostile_file_names_are_escaped_too() {
    let (_tmp, root) = copy_fixture("hostile");
    let objective = "---
title: Named badly
period: 2026-Q4
team: evil
owner: Ann
key_results:
  - title: Share in percent
    unit: '%'
    target: 10
---
";
    write(
        &root,
        "content/guides/\"><img src=x onerror=alert('file')>.md",
        "Plain page.\n",
    );
    write(
        &root,
        "content/evil/2026-Q4/' onmouseover='alert(1)' x='.md",
        objective,
    );
    write(
        &root,
        "content/\"><svg onload=alert(2)>/2026-Q4/deep.md",
        objective,
    );
    let dest = root.parent().expect("parent").join("site");
    build_ok(&root, &dest, AS_OF, &[]);
    let files = snapshot(&dest);
    assert!(
        files.keys().any(|path| path.contains("onerror")),
        "the badly named pages were written: {:?}",
        files.keys().collect::<Vec<_>>()
    );
    let problems = site_problems(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_source_path_that_reads_as_a_url_scheme_is_refused() {
    let (_tmp, root) = copy_fixture("hostile");
    let objective = "---
title: Sneaky
period: 2026-Q4
team: evil
key_results:
  - title: Share in percent
    unit: '%'
    target: 10
---
";
    // From a page at the site's root, `javascript:alert(1)//x.html` would run.
    write(&root, "content/javascript:alert(1)/x.md", objective);
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run okrbook");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("content/javascript:alert(1)/x.md:1:1: error[unsafe-path]"),
        "{}",
        stderr(&output)
    );
    assert!(!root.join("book").exists(), "nothing is written");
}

#[test]
fn unsafe_site_url_and_edit_url_template_are_refused() {
    for (setting, key) in [
        ("site-url = \"javascript:alert(1)//\"", "site-url"),
        (
            "edit-url-template = \"javascript:alert(1)//{path}\"",
            "edit-url-template",
        ),
        (
            "edit-url-template = \" JAVASCRIPT:alert(1)//{path}\"",
            "edit-url-template",
        ),
    ] {
        let (_tmp, root) = copy_fixture("hostile");
        write(
            &root,
            "book.toml",
            format!("[book]\ntitle = \"T\"\n\n[output.html]\n{setting}\n"),
        );
        let output = okrbook()
            .arg("check")
            .arg(&root)
            .args(["--as-of", AS_OF])
            .output()
            .expect("run okrbook");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains("book.toml:5:1: error[unsafe-url]") && err.contains(key),
            "{setting}: {err}"
        );
    }
}

#[test]
fn the_checker_itself_finds_what_it_looks_for() {
    // The tokenizer and rules above would pass anything if they were broken.
    let bad = [
        "<p><script>alert(1)</script></p>",
        "<img src=x onerror=alert(1)>",
        "<img src=x ONERROR = 'alert(1)'>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=' javascript:alert(1)'>x</a>",
        "<svg><title>a</svg><script>alert(1)</script></title></svg>",
        "<svg><desc>x</desc></svg></svg>",
        "<iframe src=\"https://example.com\"></iframe>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
    ];
    for markup in bad {
        assert!(
            !markup_problems("test.html", markup).is_empty(),
            "not caught: {markup}"
        );
    }
    let good = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p title=\"&lt;img src=x onerror=alert(1)&gt;\">x</p>",
        "<a href=\"https://example.com/?q=javascript:\">x</a>",
        "<svg><title>&lt;/svg&gt;</title><text>&lt;/text&gt;</text></svg>",
        "<script src=\"assets/okrbook.js\" defer></script>",
    ];
    for markup in good {
        let problems = markup_problems("test.html", markup);
        assert!(problems.is_empty(), "{markup}: {problems:?}");
    }
    assert_eq!(
        code_outside_strings(r#"window.X = {"a": "</script><script>alert(\"1\")"};"#),
        r#"window.X = {"": ""};"#
    );
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_the_previous_site_whole() {
    use std::time::{Duration, Instant};
    let tmp = temp();
    let root = tmp.path().join("handbook");
    let out = tmp.path().join("out");
    let dest = out.join("site");
    generate::flat(&root, 2000, "first");
    let started = Instant::now();
    build_ok(&root, &dest, AS_OF, &[]);
    let full = started.elapsed();
    let before = snapshot(&dest);
    assert!(before.len() > 2000, "{} files", before.len());

    // The next version changes every objective page: a site that mixed the
    // two would show.
    generate::flat(&root, 2000, "second");
    let binary = assert_cmd::cargo::cargo_bin("okrbook");
    let mut delays: Vec<Duration> = [100, 200, 300].map(Duration::from_millis).to_vec();
    // Later too: into writing the files and the swap at the end.
    delays.extend([0.5, 0.8, 0.95].map(|f| full.mul_f64(f)));
    let mut finished = 0;
    for delay in delays {
        let mut child = std::process::Command::new(&binary)
            .arg("build")
            .arg(&root)
            .arg("--dest-dir")
            .arg(&dest)
            .args(["--as-of", AS_OF])
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start okrbook build");
        std::thread::sleep(delay);
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let status = child.wait().expect("wait for the build");
        let after = snapshot(&dest);
        if status.success() {
            // It finished before the kill: the new site, whole.
            finished += 1;
            assert!(
                after
                    .values()
                    .any(|b| String::from_utf8_lossy(b).contains("second")),
                "a build that finished wrote the new site"
            );
            assert_eq!(after.len(), before.len(), "a whole site after {delay:?}");
            // Start the next round from the first version again.
            generate::flat(&root, 2000, "first");
            build_ok(&root, &dest, AS_OF, &[]);
            assert_eq!(snapshot(&dest), before);
            generate::flat(&root, 2000, "second");
        } else {
            // Killed before the swap: the previous site; killed after it,
            // while the retired folder was being removed: the new one. Never a mix.
            let whole_new = after.len() == before.len()
                && after
                    .values()
                    .any(|b| String::from_utf8_lossy(b).contains("Objective 1 second"))
                && !after
                    .values()
                    .any(|b| String::from_utf8_lossy(b).contains("Objective 1 first"));
            assert!(
                after == before || whole_new,
                "killed after {delay:?}: the site is neither the previous nor the new one ({} files, {} before)",
                after.len(),
                before.len()
            );
            if whole_new {
                generate::flat(&root, 2000, "first");
                build_ok(&root, &dest, AS_OF, &[]);
                generate::flat(&root, 2000, "second");
            }
        }
    }
    assert!(finished < 6, "at least some builds were killed midway");

    // The next build cleans up after the killed ones and swaps in the new site.
    build_ok(&root, &dest, AS_OF, &[]);
    assert_eq!(names_in(&out), ["site"], "leftover staging folders");
    let new = snapshot(&dest);
    assert_eq!(new.len(), before.len());
    assert_ne!(new, before);
}

#[cfg(unix)]
#[test]
fn a_swap_cut_off_between_its_renames_is_undone_by_the_next_build() {
    // What a kill between the two renames of the swap leaves: no site, the
    // previous one in the retired folder of a process that is gone.
    let tmp = temp();
    let root = tmp.path().join("handbook");
    let out = tmp.path().join("out");
    let dest = out.join("site");
    generate::flat(&root, 3, "first");
    build_ok(&root, &dest, AS_OF, &[]);
    let before = snapshot(&dest);
    // PIDs above the kernel's limit (4,194,304 at most) never run.
    let retired = out.join(".site.okrbook-old-4999999");
    std::fs::rename(&dest, &retired).expect("retire the site");
    let half = out.join(".site.okrbook-new-4999998-1");
    std::fs::create_dir_all(half.join("half")).expect("a half-built site");
    std::fs::write(half.join(okrbook::internals::STAMP_FILE), "").expect("its stamp");
    build_ok(&root, &dest, AS_OF, &[]);
    assert_eq!(names_in(&out), ["site"]);
    assert_eq!(snapshot(&dest), before);
}

/// Every file and folder under `dir`, with the bytes of files.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        let bytes = entry
            .file_type()
            .is_file()
            .then(|| std::fs::read(entry.path()).expect("read"));
        found.insert(rel, bytes);
    }
    found
}

#[test]
fn a_build_never_writes_outside_its_build_folder() {
    let tmp = temp();
    let top = tmp.path();
    let root = top.join("work/handbook");
    write(top, "outside/keep.txt", "outside the handbook");
    write(top, "work/etc/x", "a file an id names");
    write(&root, "book.toml", "[book]\ntitle = \"Paths\"\n");
    write(
        &root,
        "content/teams/org.md",
        "---
type: team
id: ../../outside
name: ../../outside/team
lead: ../../../outside/lead
members: [/etc/passwd, ../x]
---
",
    );
    let objective = |id: &str, parent: Option<&str>| {
        format!(
            "---
id: \"{id}\"
title: Paths {id}
period: 2026-Q4
team: ../../outside
owner: ../../outside/owner
{}key_results:
  - id: ../../kr
    title: Things, per week
    owner: /abs/owner
    target: 3
    checkins:
      - date: 2026-10-01
        value: 1
        note: ../../note
initiatives:
  - title: ../../initiative
    link: ../../../outside/keep.txt
---
[up](../../../../outside/keep.md) ![img](/etc/passwd)
",
            parent
                .map(|p| format!("parent: \"{p}\"\n"))
                .unwrap_or_default()
        )
    };
    write(&root, "content/org/a..b.md", objective("../../etc/x", None));
    write(
        &root,
        "content/org/c.d..md",
        objective("/etc/passwd", Some("../../etc/x")),
    );
    write(
        &root,
        "content/x../y...md",
        objective("a/b/../../../c", Some("/etc/passwd")),
    );
    write(
        &root,
        "content/org/plain.md",
        objective("/", Some("a/b/../../../c")),
    );
    write(&root, "content/org/dots.md", objective("..", Some("/")));
    // Names that start with a dot are hidden files: never read, never written.
    write(&root, "content/..md", objective("hidden", None));
    write(&root, "content/org/..md", objective("hidden-too", None));
    write(
        &root,
        "content/guides/...md",
        "---
title: ../../page
---
",
    );
    let before = tree(top);
    let dest = root.join("book");
    build_ok(&root, &dest, AS_OF, &[]);
    let after = tree(top);
    let built = "work/handbook/book";
    for (path, bytes) in &after {
        if path == built || path.starts_with(&format!("{built}/")) {
            continue;
        }
        assert_eq!(
            before.get(path),
            Some(bytes),
            "{path} was written outside the build folder"
        );
    }
    for path in before.keys() {
        assert!(after.contains_key(path), "{path} was removed");
    }
    let site = snapshot(&dest);
    for page in [
        "org/a..b.html",
        "org/c.d..html",
        "x../y...html",
        "org/dots.html",
    ] {
        assert!(site.contains_key(page), "{page} is a file in the site");
    }
    assert!(
        !site
            .keys()
            .any(|p| p.starts_with("..") || p.contains("/..html")),
        "hidden files are not published: {:?}",
        site.keys().collect::<Vec<_>>()
    );
}

#[test]
fn the_writer_refuses_paths_that_leave_the_site() {
    let tmp = temp();
    let dest = tmp.path().join("out/site");
    let mut site = okrbook::internals::Site::new();
    site.insert("index.html".to_string(), b"ok".to_vec());
    okrbook::internals::write_site(&site, &dest).expect("a plain site is written");
    let before = tree(tmp.path());
    for bad in [
        "../escape.html",
        "/abs.html",
        "a/../../escape.html",
        "",
        "a//../../x",
    ] {
        let mut site = site.clone();
        site.insert(bad.to_string(), b"bad".to_vec());
        let error = okrbook::internals::write_site(&site, &dest).expect_err(bad);
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::InvalidInput,
            "{bad}: {error}"
        );
        assert_eq!(tree(tmp.path()), before, "{bad}: something changed");
    }
}

#[test]
fn allow_raw_html_publishes_raw_html_as_written() {
    let (_tmp, root) = copy_fixture("hostile");
    let book = std::fs::read_to_string(root.join("book.toml")).expect("read book.toml");
    write(
        &root,
        "book.toml",
        book.replace("[output.html]\n", "[output.html]\nallow-raw-html = true\n"),
    );
    let dest = root.parent().expect("parent").join("site");
    build_ok(&root, &dest, AS_OF, &[]);
    let page = std::fs::read_to_string(dest.join("org/2026-Q4/top.html")).expect("page");
    // The tags pass through as written (smart punctuation still curls the quotes between them).
    assert!(
        page.contains("<script>alert(‘top-body’)</script>"),
        "raw HTML is kept"
    );
    // Markdown links with unsafe schemes are neutralised all the same.
    assert!(!page.contains("href=\"javascript:alert('body-md-link')"));
}

#[test]
fn fifty_levels_of_cascade_and_teams_build() {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    generate::chain(&root, okrbook::internals::MAX_LEVELS);
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, AS_OF, &[]);
    let bottom =
        std::fs::read_to_string(dest.join("t49/2026-Q4/goal.html")).expect("the deepest page");
    assert!(
        bottom.contains("Goal at level 0"),
        "the whole chain up to the top is shown"
    );
}

#[test]
fn deeper_cascades_and_team_trees_are_an_error_not_a_crash() {
    // 600 levels overflowed the stack of a render thread (the templates
    // recurse once per level) and aborted the build.
    let tmp = temp();
    let root = tmp.path().join("handbook");
    generate::chain(&root, 600);
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run okrbook");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/t50/2026-Q4/goal.md:6:9: error[too-deep]"),
        "{err}"
    );
    assert!(
        err.contains("content/teams/t50.md:4:9: error[too-deep]"),
        "{err}"
    );
    assert_eq!(
        err.matches("error[too-deep]").count(),
        2,
        "once per tree: {err}"
    );
    assert!(!root.join("book").exists());
}
