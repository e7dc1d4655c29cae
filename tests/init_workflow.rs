//! The GitHub Actions workflow `okrbook init` writes works as written: it
//! installs the very okrbook that wrote it, has no placeholder to fill in,
//! checks pull requests and publishes the default branch under the address
//! GitHub Pages gives it.

mod common;

use common::{okrbook, stderr, stdout, temp};
use serde_yaml::Value;

/// `okrbook init` in a fresh folder: the handbook's folder, the workflow's
/// text and the workflow parsed.
fn init() -> (tempfile::TempDir, std::path::PathBuf, String, Value) {
    let tmp = temp();
    let root = tmp.path().join("okrs");
    let output = okrbook().arg("init").arg(&root).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = root.join(".github/workflows/okrbook.yml");
    let text = std::fs::read_to_string(&path).expect("init writes the workflow");
    let workflow: Value = serde_yaml::from_str(&text).expect("valid YAML");
    (tmp, root, text, workflow)
}

/// The version `okrbook --version` prints.
fn binary_version() -> String {
    let output = okrbook().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let version = text
        .trim()
        .strip_prefix("okrbook ")
        .unwrap_or_else(|| panic!("okrbook --version prints `okrbook VERSION`: {text}"))
        .to_string();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    version
}

fn steps_of(job: &Value) -> Vec<Value> {
    job["steps"].as_sequence().expect("steps").clone()
}

/// The first step that uses `action` (at any version).
fn uses(steps: &[Value], action: &str) -> Option<Value> {
    steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{action}@")))
        })
        .cloned()
}

/// The first step whose script contains `command`.
fn runs(steps: &[Value], command: &str) -> Option<Value> {
    steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains(command)))
        .cloned()
}

/// The values of a step's `env`.
fn env_values(step: &Value) -> Vec<String> {
    step["env"]
        .as_mapping()
        .map(|m| {
            m.values()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The text with every `${{ … }}` expression removed.
fn outside_expressions(text: &str) -> String {
    let mut rest = text;
    let mut out = String::new();
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("an unclosed expression: {}", &rest[start..]));
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// `@v4`, `@v4.1.2`, or a full commit SHA.
fn is_pinned(uses: &str) -> bool {
    let Some((_, reference)) = uses.rsplit_once('@') else {
        return false;
    };
    let release = reference.strip_prefix('v').is_some_and(|version| {
        !version.is_empty()
            && version
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    let sha = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    release || sha
}

#[test]
fn init_writes_a_workflow_with_nothing_to_fill_in() {
    let (_tmp, _root, text, _) = init();
    let plain = outside_expressions(&text);
    assert!(
        !plain.contains('<'),
        "no <placeholder> outside expressions:\n{text}"
    );
    let lower = plain.to_lowercase();
    for phrase in ["replace", "edit this", "<owner>", "todo", "fixme", "your-"] {
        assert!(!lower.contains(phrase), "no \"{phrase}\":\n{text}");
    }
    assert!(!text.contains("cargo install"), "{text}");
    assert!(!text.contains("OKRBOOK_GIT"), "{text}");
}

#[test]
fn the_workflow_installs_the_okrbook_that_wrote_it() {
    let (_tmp, _root, _text, workflow) = init();
    let version = binary_version();
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .expect("okrbook's repository is on GitHub")
        .trim_end_matches('/');
    let action = format!("{repository}@v{version}");
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    assert_eq!(jobs.len(), 2);
    for (name, job) in jobs {
        let steps = steps_of(job);
        let install = steps
            .iter()
            .position(|s| s["uses"].as_str() == Some(action.as_str()))
            .unwrap_or_else(|| panic!("job {name:?} uses {action}"));
        assert_eq!(
            steps[install]["with"]["version"].as_str(),
            Some(version.as_str()),
            "job {name:?} installs okrbook {version}"
        );
        let first_run = steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.contains("okrbook ")))
            .unwrap_or_else(|| panic!("job {name:?} runs okrbook"));
        assert!(install < first_run, "job {name:?} installs, then runs");
    }
}

#[test]
fn the_workflow_checks_pull_requests_and_cancels_superseded_runs() {
    let (_tmp, _root, _text, workflow) = init();
    // `on` is a string in YAML 1.2; a YAML 1.1 reader would see `true`.
    let on = workflow
        .get("on")
        .or_else(|| workflow.get(Value::Bool(true)))
        .expect("triggers");
    assert!(on.get("pull_request").is_some(), "runs on pull requests");

    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let check = jobs
        .values()
        .find(|job| runs(&steps_of(job), "okrbook check --format github").is_some())
        .expect("a job runs `okrbook check --format github`");
    assert_eq!(
        check["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    assert_eq!(
        check["concurrency"]["group"].as_str(),
        Some(
            "okrbook-${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}"
        )
    );
    assert_eq!(
        check["concurrency"]["cancel-in-progress"].as_bool(),
        Some(true)
    );
    assert!(
        check.get("permissions").is_none(),
        "read-only, as the workflow"
    );
    let steps = steps_of(check);
    let checkout = uses(&steps, "actions/checkout").expect("checkout");
    assert_eq!(checkout["with"]["fetch-depth"].as_i64(), Some(0));
    let diff = runs(&steps, "okrbook diff").expect("a step runs okrbook diff");
    let diff_run = diff["run"].as_str().unwrap();
    assert_eq!(
        diff_run.trim(),
        "okrbook diff \"origin/$BASE_REF\" HEAD >> \"$GITHUB_STEP_SUMMARY\""
    );
    // The base branch comes in through the environment, not pasted into the script.
    assert_eq!(env_values(&diff), ["${{ github.base_ref }}"]);
}

#[test]
fn the_workflow_publishes_the_default_branch_under_the_pages_address() {
    let (_tmp, root, text, workflow) = init();
    let on = workflow
        .get("on")
        .or_else(|| workflow.get(Value::Bool(true)))
        .expect("triggers");
    // Pushes to any branch start it: no branch name is written in.
    let push = &on["push"];
    assert!(push.get("branches-ignore").is_none());
    if let Some(branches) = push.get("branches") {
        let branches = branches.as_sequence().expect("a list of branches");
        assert!(
            branches.iter().all(|b| b.as_str() == Some("**")),
            "{branches:?}"
        );
    }
    assert!(!text.contains("refs/heads/main") && !text.contains("'main'"));
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(on.get("workflow_dispatch").is_some());

    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let publish = jobs
        .values()
        .find(|job| uses(&steps_of(job), "actions/deploy-pages").is_some())
        .expect("a job deploys to Pages");
    let condition = publish["if"].as_str().unwrap_or("");
    assert!(
        condition.contains("github.ref_name == github.event.repository.default_branch"),
        "{condition}"
    );
    // A scheduled run's event does not name the default branch; it runs there.
    assert!(
        condition.contains("github.event_name == 'schedule'"),
        "{condition}"
    );
    assert!(
        condition.contains("github.event_name != 'pull_request'"),
        "{condition}"
    );

    let steps = steps_of(publish);
    let checkout = uses(&steps, "actions/checkout").expect("checkout");
    // Target history needs the whole history, not a shallow clone.
    assert_eq!(checkout["with"]["fetch-depth"].as_i64(), Some(0));
    let pages = uses(&steps, "actions/configure-pages").expect("configure-pages");
    assert_eq!(pages["id"].as_str(), Some("pages"));
    let build = runs(&steps, "okrbook build").expect("a step runs okrbook build");
    let build_run = build["run"].as_str().unwrap();
    // The address comes in through the environment, not pasted into the script.
    assert!(!build_run.contains("${{"), "{build_run}");
    let env = build["env"].as_mapping().expect("the build step's env");
    let (name, value) = env.iter().next().expect("one variable");
    assert_eq!(env.len(), 1);
    assert_eq!(
        value.as_str(),
        Some("${{ steps.pages.outputs.base_url }}"),
        "{env:?}"
    );
    let name = name.as_str().unwrap();
    assert_eq!(
        build_run.trim(),
        format!("okrbook build --site-url \"${name}/\"")
    );
    let upload = uses(&steps, "actions/upload-pages-artifact").expect("upload the site");
    assert_eq!(upload["with"]["path"].as_str(), Some("book"));
    let position = |action: &str| {
        steps
            .iter()
            .position(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
            .unwrap()
    };
    let build_at = steps
        .iter()
        .position(|s| s["run"].as_str() == Some(build_run))
        .unwrap();
    let order = [
        position("actions/configure-pages"),
        build_at,
        position("actions/upload-pages-artifact"),
        position("actions/deploy-pages"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in order: {order:?}");
    assert_eq!(
        publish["permissions"],
        serde_yaml::from_str::<Value>("{contents: read, pages: write, id-token: write}").unwrap()
    );
    assert!(publish["concurrency"]["group"].as_str().is_some());
    assert_eq!(
        publish["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false),
        "a deployment is never cut short"
    );
    assert_eq!(
        publish["environment"]["name"].as_str(),
        Some("github-pages")
    );
    // The handbook init wrote builds into book/, the folder the workflow uploads.
    let book = std::fs::read_to_string(root.join("book.toml")).unwrap();
    assert!(book.contains("build-dir = \"book\""));
}

#[test]
fn every_job_has_a_timeout_and_every_action_a_release() {
    let (_tmp, _root, _text, workflow) = init();
    assert_eq!(
        workflow["permissions"],
        serde_yaml::from_str::<Value>("{contents: read}").unwrap(),
        "least permissions by default"
    );
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    for (name, job) in jobs {
        let minutes = job["timeout-minutes"]
            .as_u64()
            .unwrap_or_else(|| panic!("job {name:?} has timeout-minutes"));
        assert!((1..=60).contains(&minutes), "job {name:?}: {minutes}");
        for step in steps_of(job) {
            if let Some(action) = step["uses"].as_str() {
                assert!(is_pinned(action), "{action} is pinned to a release");
            }
        }
    }
    assert!(is_pinned("actions/checkout@v4"));
    assert!(is_pinned("okrbook/okrbook@v0.1.0"));
    assert!(is_pinned(
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"
    ));
    assert!(!is_pinned("actions/checkout@main"));
    assert!(!is_pinned("actions/checkout@v"));
    assert!(!is_pinned("actions/checkout"));
}
