//! The command line: help, init, check, build's flags and defaults, and the
//! repository's own demo handbook.

mod common;

use common::*;
use std::collections::BTreeSet;

#[test]
fn help_on_every_command() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for command in ["init", "build", "check"] {
        assert!(text.contains(command), "--help lists {command}: {text}");
    }

    let output = run(&["build", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for flag in [
        "--dest-dir",
        "--as-of",
        "--include-private",
        "--site-url",
        "[DIR]",
    ] {
        assert!(text.contains(flag), "build --help shows {flag}: {text}");
    }

    let output = run(&["check", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("[DIR]"), "{}", stdout(&output));

    let output = run(&["init", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("[DIR]"), "{}", stdout(&output));

    let output = run(&["help", "build"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("--as-of"));
}

#[test]
fn usage_errors_are_not_panics() {
    for args in [
        &["frobnicate"][..],
        &[][..],
        &["build", "--no-such-flag"][..],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "okrbook {args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty());
    }
}

#[test]
fn init_creates_a_handbook_that_checks_and_builds() {
    let tmp = temp();
    let root = tmp.path().join("new-handbook");
    let output = okrbook().arg("init").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for file in [
        "book.toml",
        "content/index.md",
        "content/teams/engineering.md",
        "content/guides/writing-okrs.md",
    ] {
        assert!(root.join(file).is_file(), "init writes {file}");
    }
    assert!(stdout(&output).contains("book.toml"), "{}", stdout(&output));

    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("error"),
        "no findings: {}",
        stderr(&output)
    );

    // Built as of today (no --as-of, no SOURCE_DATE_EPOCH), the way a new user would.
    let dest = tmp.path().join("site");
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .arg("--dest-dir")
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json = okrs_json(&dest);
    let objectives = json["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 1, "{json}");
    assert_eq!(objectives[0]["team"], "engineering");
    assert_eq!(objectives[0]["level"], "organization");
    assert_eq!(objectives[0]["key_results"].as_array().unwrap().len(), 2);
    // The starter objective is in the current quarter, so the home page shows it.
    let period = objectives[0]["period"].as_str().unwrap().to_string();
    let url = objectives[0]["url"].as_str().unwrap();
    assert_eq!(url, format!("/engineering/{period}/faster-releases.html"));
    assert!(dest
        .join(format!("engineering/{period}/faster-releases.html"))
        .is_file());
    assert!(dest.join("guides/writing-okrs.html").is_file());
    assert!(dest.join("teams/engineering.html").is_file());
    assert!(dest.join("index.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_already_has_a_book_toml() {
    let (_tmp, root) = copy_fixture("cascade");
    let before = snapshot(&root);
    let output = okrbook().arg("init").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("already has a book.toml"),
        "{}",
        stderr(&output)
    );
    assert!(snapshot(&root) == before, "init changed nothing");
}

#[test]
fn init_defaults_to_the_current_folder() {
    let tmp = temp();
    let output = okrbook()
        .current_dir(tmp.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(tmp.path().join("book.toml").is_file());
    let output = okrbook()
        .current_dir(tmp.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn check_accepts_a_valid_handbook_and_writes_nothing() {
    let (tmp, root) = copy_fixture("cascade");
    let before = snapshot(&root);
    let names_before = names_in(tmp.path());
    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("valid"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("error["), "{}", stderr(&output));
    assert!(snapshot(&root) == before, "check wrote into the handbook");
    assert_eq!(names_in(tmp.path()), names_before, "check wrote beside it");
    assert!(!root.join("book").exists());
}

#[test]
fn check_and_build_default_to_the_current_folder() {
    let (_tmp, root) = copy_fixture("cascade");
    let output = okrbook().current_dir(&root).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = okrbook()
        .current_dir(&root)
        .args(["build", "--as-of", "2026-11-15"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // build-dir = "book" in the fixture's book.toml.
    assert_eq!(okrs_json(&root.join("book"))["as_of"], "2026-11-15");
}

#[test]
fn a_relative_dest_dir_is_relative_to_the_current_folder() {
    let (tmp, _root) = copy_fixture("cascade");
    let output = okrbook()
        .current_dir(tmp.path())
        .args(["build", "handbook", "-d", "out", "--as-of", "2026-11-15"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(tmp.path().join("out/okrs.json").is_file());
    assert!(!tmp.path().join("handbook/out").exists());
    assert!(!tmp.path().join("handbook/book").exists());
}

#[test]
fn a_bad_as_of_date_is_a_clear_error() {
    let (tmp, root) = copy_fixture("cascade");
    for bad in ["garbage", "2026-02-30", "2026-11", "21.11.2026"] {
        let dest = tmp.path().join("site");
        let output = okrbook()
            .arg("build")
            .arg(&root)
            .arg("--dest-dir")
            .arg(&dest)
            .arg("--as-of")
            .arg(bad)
            .output()
            .unwrap();
        let code = output.status.code();
        assert!(
            code.is_some() && code != Some(0) && code != Some(101),
            "--as-of {bad}: {code:?}"
        );
        let text = stderr(&output);
        assert!(text.contains(bad), "names the bad value: {text}");
        assert!(text.contains("YYYY-MM-DD"), "shows the format: {text}");
        assert!(!dest.exists(), "nothing is written for --as-of {bad}");
    }
}

#[test]
fn a_build_folder_that_would_overwrite_the_handbook_is_refused() {
    let (tmp, root) = copy_fixture("cascade");
    let before = snapshot(&root);
    for dest in [
        root.clone(),
        root.join("content"),
        root.join("content/site"),
        tmp.path().to_path_buf(),
    ] {
        let output = okrbook()
            .arg("build")
            .arg(&root)
            .arg("--dest-dir")
            .arg(&dest)
            .arg("--as-of")
            .arg("2026-11-15")
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "--dest-dir {}: {}",
            dest.display(),
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("unsafe-destination"),
            "{}",
            stderr(&output)
        );
        assert!(
            snapshot(&root) == before,
            "the handbook is intact after --dest-dir {}",
            dest.display()
        );
    }
}

#[test]
fn build_reports_what_it_wrote() {
    let tmp = temp();
    let dest = tmp.path().join("site");
    let output = build_ok(&fixture("cascade"), &dest, "2026-11-15", &[]);
    let text = stderr(&output);
    let files = snapshot(&dest).len();
    assert!(
        text.contains(&format!("Built {files} files")),
        "reports the number of files ({files}): {text}"
    );
    assert!(text.contains("as of 2026-11-15"), "{text}");
}

#[test]
fn the_demo_handbook_checks_and_builds() {
    let root = repo_root();
    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("error["), "{}", stderr(&output));

    let tmp = temp();
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, "2026-11-21", &[]);
    let json = okrs_json(&dest);
    assert_eq!(json["as_of"], "2026-11-21");

    // What the issue asks of the demo: a company level, 3+ teams, individual
    // goals, at least three periods, graded past periods.
    let teams = json["teams"].as_array().unwrap();
    assert!(
        teams.len() >= 4,
        "an organization and 3+ teams: {}",
        teams.len()
    );
    let objectives = json["objectives"].as_array().unwrap();
    let levels: BTreeSet<&str> = objectives
        .iter()
        .map(|o| o["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        BTreeSet::from(["individual", "organization", "team"]),
        "every level of the cascade"
    );
    let periods: BTreeSet<&str> = objectives
        .iter()
        .map(|o| o["period"].as_str().unwrap())
        .collect();
    assert!(periods.len() >= 3, "three or more periods: {periods:?}");
    assert!(objectives.iter().any(|o| o["status"] == "final"));
    for period in &periods {
        assert!(dest.join(format!("periods/{period}.html")).is_file());
        assert!(dest.join(format!("cascade/{period}.html")).is_file());
    }
    // Every objective's page exists where its url says.
    for objective in objectives {
        let url = objective["url"].as_str().unwrap();
        let path = url.strip_prefix('/').expect("site-url is /");
        assert!(dest.join(path).is_file(), "{url} is written");
    }
    for file in ["index.html", "404.html", ".nojekyll"] {
        assert!(dest.join(file).is_file(), "{file}");
    }
}

#[test]
fn build_site_url_overrides_the_site_url_of_book_toml() {
    // The linked fixture has site-url = "/okrs/"; the flag wins, and gets its `/`.
    let out = temp();
    let dest = out.path().join("site");
    build_ok(
        &fixture("linked"),
        &dest,
        "2026-11-15",
        &["--site-url", "https://acme.github.io/okrs"],
    );
    let json = okrs_json(&dest);
    let objectives = json["objectives"].as_array().unwrap();
    assert!(!objectives.is_empty());
    for objective in objectives {
        let url = objective["url"].as_str().unwrap();
        let path = url
            .strip_prefix("https://acme.github.io/okrs/")
            .unwrap_or_else(|| panic!("{url} is under --site-url"));
        assert!(dest.join(path).is_file(), "{url} is written");
    }
    let not_found = std::fs::read_to_string(dest.join("404.html")).unwrap();
    assert!(
        not_found.contains("<base href=\"https://acme.github.io/okrs/\">"),
        "{not_found}"
    );
    assert!(!not_found.contains("href=\"/okrs/"), "{not_found}");
    // An absolute site URL: the sitemap is written, under it.
    let sitemap = std::fs::read_to_string(dest.join("sitemap.xml")).expect("sitemap.xml");
    assert!(sitemap.contains("<loc>https://acme.github.io/okrs/</loc>"));
    assert!(!sitemap.contains("<loc>/okrs/"), "{sitemap}");

    // A path works too, and book.toml itself is left alone.
    let book = std::fs::read_to_string(fixture("linked").join("book.toml")).unwrap();
    let dest = out.path().join("under-a-path");
    build_ok(
        &fixture("linked"),
        &dest,
        "2026-11-15",
        &["--site-url", "/my-okrs"],
    );
    let url = okrs_json(&dest)["objectives"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with("/my-okrs/"), "{url}");
    assert!(!dest.join("sitemap.xml").exists());
    assert_eq!(
        std::fs::read_to_string(fixture("linked").join("book.toml")).unwrap(),
        book
    );
}

#[test]
fn build_refuses_an_unsafe_site_url_flag() {
    for url in [
        "javascript:alert(1)",
        " JavaScript:alert(1)//",
        "data:text/html,x",
    ] {
        let out = temp();
        let dest = out.path().join("site");
        let output = okrbook()
            .arg("build")
            .arg(fixture("linked"))
            .arg("--dest-dir")
            .arg(&dest)
            .args(["--as-of", "2026-11-15", "--site-url", url])
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{url}: {err}");
        assert!(
            err.contains("--site-url:1:1: error[unsafe-url]")
                && err.contains(&format!("`--site-url {}`", url.trim())),
            "{url}: {err}"
        );
        assert!(!dest.exists(), "{url}: nothing is written");
    }
}
