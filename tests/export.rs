//! `okrs.json` and the files of a built site, from the `cascade` fixture.
//!
//! The fixture (tests/fixtures/cascade) has three levels of teams
//! (acme → platform → sre), a company → team → sub-team → individual
//! cascade in 2026-Q4, a carried_from chain over 2026-Q2..Q4, every kind of
//! key result, weights, a key-result score override, a grade override,
//! check-ins after the as-of date, a future period, and a private objective
//! with a public child.
//!
//! Every build here uses `--as-of 2026-11-15`. 2026-Q4 runs from 2026-10-01
//! to 2026-12-31 (92 days); on 2026-11-15, 46 days have passed (the as-of day
//! counts whole), so the expected progress is 46 / 92 = 0.5 exactly, and the
//! status thresholds are 0.5 − 0.15 = 0.35 (on-track) and 0.5 − 0.35 = 0.15
//! (at-risk).

mod common;

use common::okrs::{key_result, objective};

use common::*;
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "2026-11-15";

/// Words that appear only in the private objective
/// (content/platform/2026-Q4/secret-migration.md): its title, its id's last
/// segment, its key result's title, a check-in note, its body, and its
/// owner, who owns nothing else.
const PRIVATE_MARKERS: [&str; 7] = [
    "Zebra",            // title: Zebra Secret Migration
    "secret-migration", // id: platform/2026-Q4/secret-migration
    "Quokka",           // key result title: Quokka decommission count
    "Narwhal",          // check-in note: Narwhal vendor contract signed.
    "Okapi",            // body: Okapi confidential rationale.
    "Xavier",           // owner: Xavier Hidden
    "xavier-hidden",    // what the owner's people page would be called
];

fn build_fixture(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let tmp = temp();
    let dest = tmp.path().join("site");
    build_ok(&common::fixture("cascade"), &dest, AS_OF, extra);
    let json = okrs_json(&dest);
    (tmp, dest, json)
}

fn ids(json: &Value) -> Vec<&str> {
    json["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect()
}

fn score(value: &Value) -> f64 {
    value["score"]
        .as_f64()
        .unwrap_or_else(|| panic!("score is a number in {value}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is a list"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn as_of_and_teams_with_their_parents() {
    let (_tmp, _dest, json) = build_fixture(&[]);
    assert_eq!(json["as_of"], "2026-11-15");
    assert_eq!(
        json["teams"],
        serde_json::json!([
            {"id": "acme", "name": "Acme", "parent": null},
            {"id": "platform", "name": "Platform", "parent": "acme"},
            {"id": "sre", "name": "Site Reliability", "parent": "platform"},
        ])
    );
}

#[test]
fn published_objectives_levels_parents_and_children() {
    let (_tmp, _dest, json) = build_fixture(&[]);
    assert_eq!(
        ids(&json),
        [
            "company/2026-Q4/grow",
            "company/2027-Q1/expand",
            "people/ana-lima/2026-Q4/learn-rust",
            "platform/2026-Q2/reliability",
            "platform/2026-Q3/reliability",
            "platform/2026-Q4/reliability",
            "sre/2026-Q4/migration-support",
            "sre/2026-Q4/oncall",
        ]
    );

    // (id, level, team, parent, children)
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        &'a [&'a str],
    );
    let expected: [Row; 8] = [
        (
            "company/2026-Q4/grow",
            "organization",
            Some("acme"),
            None,
            // The private platform/2026-Q4/secret-migration is left out.
            &["platform/2026-Q4/reliability"],
        ),
        (
            "company/2027-Q1/expand",
            "organization",
            Some("acme"),
            None,
            &[],
        ),
        (
            "platform/2026-Q4/reliability",
            "team",
            Some("platform"),
            Some("company/2026-Q4/grow"),
            &["sre/2026-Q4/oncall"],
        ),
        (
            "sre/2026-Q4/oncall",
            "team",
            Some("sre"),
            Some("platform/2026-Q4/reliability"),
            &["people/ana-lima/2026-Q4/learn-rust"],
        ),
        (
            "people/ana-lima/2026-Q4/learn-rust",
            "individual",
            None,
            Some("sre/2026-Q4/oncall"),
            &[],
        ),
        (
            "sre/2026-Q4/migration-support",
            "team",
            Some("sre"),
            None,
            &[],
        ),
        (
            "platform/2026-Q2/reliability",
            "team",
            Some("platform"),
            None,
            &[],
        ),
        (
            "platform/2026-Q3/reliability",
            "team",
            Some("platform"),
            None,
            &[],
        ),
    ];
    for (id, level, team, parent, children) in expected {
        let o = objective(&json, id);
        assert_eq!(o["level"], level, "level of {id}");
        assert_eq!(o["team"].as_str(), team, "team of {id}");
        assert_eq!(o["parent"].as_str(), parent, "parent of {id}");
        assert_eq!(strings(&o["children"]), children, "children of {id}");
        assert_eq!(
            o["period"],
            id.split('/').nth_back(1).unwrap(),
            "period of {id}"
        );
        assert_eq!(
            o["url"],
            format!("/okrs/{id}.html"),
            "url of {id} honours site-url = \"/okrs/\""
        );
    }
    let learn = objective(&json, "people/ana-lima/2026-Q4/learn-rust");
    assert_eq!(learn["owner"], "Ana Lima");
    assert_eq!(
        objective(&json, "company/2027-Q1/expand")["commitment"],
        "aspirational"
    );
    assert_eq!(
        objective(&json, "company/2026-Q4/grow")["commitment"],
        "committed"
    );
}

#[test]
fn company_objective_metrics_and_the_as_of_cut() {
    let (_tmp, _dest, json) = build_fixture(&[]);
    let grow = objective(&json, "company/2026-Q4/grow");

    // revenue: baseline 100, target 200. Check-ins 130 (10-15), 150 (11-15, ON
    // the as-of date: counts), 190 (11-20, after it: ignored).
    // progress = (150 − 100) / (200 − 100) = 0.5; confidence of the 11-15 check-in: high = 0.9.
    let revenue = key_result(grow, "revenue");
    assert_eq!(revenue["kind"], "metric");
    assert_eq!(revenue["baseline"].as_f64(), Some(100.0));
    assert_eq!(revenue["target"].as_f64(), Some(200.0));
    assert_eq!(revenue["current"].as_f64(), Some(150.0));
    assert_close(score(revenue), 0.5);
    assert_close(revenue["confidence"].as_f64().unwrap(), 0.9);

    // churn: a decreasing metric, baseline 10, target 5, current 8.
    // progress = (8 − 10) / (5 − 10) = 0.4; confidence medium = 0.6.
    let churn = key_result(grow, "churn");
    assert_eq!(churn["current"].as_f64(), Some(8.0));
    assert_close(score(churn), 0.4);
    assert_close(churn["confidence"].as_f64().unwrap(), 0.6);

    // weights 3 and 1: (0.5 × 3 + 0.4 × 1) / 4 = 0.475 ≥ 0.35 → on-track.
    assert_close(score(grow), 0.475);
    assert_eq!(grow["status"], "on-track");
}

#[test]
fn team_objective_every_kind_of_key_result_and_weights() {
    let (_tmp, _dest, json) = build_fixture(&[]);
    let reliability = objective(&json, "platform/2026-Q4/reliability");

    // uptime: a metric without baseline; the first check-in (99.0) is the baseline.
    // progress = (99.45 − 99.0) / (99.9 − 99.0) = 0.5; weight 2.
    let uptime = key_result(reliability, "uptime");
    assert_eq!(uptime["baseline"].as_f64(), Some(99.0));
    assert_eq!(uptime["target"].as_f64(), Some(99.9));
    assert_eq!(uptime["current"].as_f64(), Some(99.45));
    assert_close(score(uptime), 0.5);
    assert_close(uptime["confidence"].as_f64().unwrap(), 0.8);

    // latency: a guardrail at_most 300, current exactly 300 → kept → 1; weight 1.
    let latency = key_result(reliability, "latency");
    assert_eq!(latency["kind"], "guardrail");
    assert_eq!(latency["baseline"].as_f64(), Some(250.0));
    assert_eq!(latency["target"].as_f64(), Some(300.0));
    assert_eq!(latency["current"].as_f64(), Some(300.0));
    assert_close(score(latency), 1.0);
    assert!(latency["confidence"].is_null());

    // success: a guardrail at_least 95, current 94 → broken → 0; weight 1.
    let success = key_result(reliability, "success");
    assert_eq!(success["current"].as_f64(), Some(94.0));
    assert_close(score(success), 0.0);
    assert_close(success["confidence"].as_f64().unwrap(), 0.4);

    // launch: a milestone, true on 10-20 then false on 11-01: the latest wins → 0; weight 0.
    let launch = key_result(reliability, "launch");
    assert_eq!(launch["kind"], "milestone");
    assert_eq!(launch["current"], Value::Bool(false));
    assert!(launch["baseline"].is_null());
    assert!(launch["target"].is_null());
    assert_close(score(launch), 0.0);

    // (0.5 × 2 + 1 × 1 + 0 × 1 + 0 × 0) / (2 + 1 + 1 + 0) = 2 / 4 = 0.5 → on-track.
    assert_close(score(reliability), 0.5);
    assert_eq!(reliability["status"], "on-track");
}

#[test]
fn statuses_of_running_ended_and_future_periods() {
    let (_tmp, _dest, json) = build_fixture(&[]);

    // pages: a decreasing metric 40 → 20, current 36: (36 − 40) / (20 − 40) = 0.2.
    // 0.15 ≤ 0.2 < 0.35 → at-risk.
    let oncall = objective(&json, "sre/2026-Q4/oncall");
    assert_close(score(oncall), 0.2);
    assert_eq!(oncall["status"], "at-risk");

    // chapters 0 → 10, current 1: 0.1; course: a milestone with no
    // check-in: not scored (score null, not 0), current null. It is left
    // out of the average: 0.1 / 1 = 0.1 < 0.15 → off-track.
    let learn = objective(&json, "people/ana-lima/2026-Q4/learn-rust");
    assert_close(score(key_result(learn, "chapters")), 0.1);
    let course = key_result(learn, "course");
    assert!(course["current"].is_null());
    assert!(course["score"].is_null(), "{course}");
    assert_close(score(learn), 0.1);
    assert_eq!(learn["status"], "off-track");

    // 2026-Q2 has ended: final. uptime 0 → 10, current 10: 1.0.
    let q2 = objective(&json, "platform/2026-Q2/reliability");
    assert_close(score(q2), 1.0);
    assert_eq!(q2["status"], "final");

    // 2026-Q3 has ended: final. The key result computes (40 − 0) / 100 = 0.4,
    // but grade.score 0.7 decides the objective's score.
    let q3 = objective(&json, "platform/2026-Q3/reliability");
    assert_close(score(key_result(q3, "uptime")), 0.4);
    assert_close(score(q3), 0.7);
    assert_eq!(q3["status"], "final");

    // 2027-Q1 has not started. No check-ins: current is the baseline 0,
    // but nothing is scored yet: score null for the key result and the objective.
    let expand = objective(&json, "company/2027-Q1/expand");
    assert_eq!(expand["status"], "not-started");
    let ports = key_result(expand, "ports");
    assert_eq!(ports["current"].as_f64(), Some(0.0));
    assert!(ports["score"].is_null(), "{ports}");
    assert!(expand["score"].is_null(), "{expand}");
}

#[test]
fn key_result_score_override_and_private_parent() {
    let (_tmp, _dest, json) = build_fixture(&[]);
    let support = objective(&json, "sre/2026-Q4/migration-support");

    // dashboards: a milestone, latest true → 1.
    let dashboards = key_result(support, "dashboards");
    assert_eq!(dashboards["current"], Value::Bool(true));
    assert_close(score(dashboards), 1.0);

    // alerts: 0 → 10 and current 10 would be 1.0, but `score: 0.3`
    // overrides it (from its `scored_on`, 2026-11-10, before AS_OF).
    let alerts = key_result(support, "alerts");
    assert_eq!(alerts["current"].as_f64(), Some(10.0));
    assert_close(score(alerts), 0.3);

    // (1 + 0.3) / 2 = 0.65 ≥ 0.35 → on-track.
    assert_close(score(support), 0.65);
    assert_eq!(support["status"], "on-track");

    // Its parent is private: no parent id, only the flag.
    assert!(support["parent"].is_null());
    assert_eq!(support["parent_private"], Value::Bool(true));
    // A public parent does not get the flag (or gets it as false).
    let reliability = objective(&json, "platform/2026-Q4/reliability");
    assert_ne!(reliability["parent_private"], Value::Bool(true));
}

#[test]
fn private_objective_is_in_no_output_file() {
    let (_tmp, dest, json) = build_fixture(&[]);
    assert!(!ids(&json).contains(&"platform/2026-Q4/secret-migration"));
    let files = snapshot(&dest);
    assert!(
        files.len() > 10,
        "the site has its pages: {:?}",
        files.keys()
    );
    // Paths and bytes: no page of the private objective or its owner, no mention.
    let mut secrets = PRIVATE_MARKERS.to_vec();
    secrets.push("xavier");
    private::assert_no_leaks(&files, &secrets);
    // The public child's page is still there.
    assert!(files.contains_key("sre/2026-Q4/migration-support.html"));
}

#[test]
fn include_private_brings_the_private_objective_back() {
    let (_tmp, dest, json) = build_fixture(&["--include-private"]);
    let secret = objective(&json, "platform/2026-Q4/secret-migration");
    assert_eq!(secret["title"], "Zebra Secret Migration");
    assert_eq!(secret["owner"], "Xavier Hidden");
    assert_eq!(secret["parent"], "company/2026-Q4/grow");
    assert_eq!(
        strings(&secret["children"]),
        ["sre/2026-Q4/migration-support"]
    );
    let quokka = key_result(secret, "quokka");
    assert_eq!(quokka["title"], "Quokka decommission count");
    // 0 → 10, current 5: 0.5.
    assert_close(score(quokka), 0.5);
    assert_close(score(secret), 0.5);

    let support = objective(&json, "sre/2026-Q4/migration-support");
    assert_eq!(support["parent"], "platform/2026-Q4/secret-migration");
    assert_ne!(support["parent_private"], Value::Bool(true));

    let grow = objective(&json, "company/2026-Q4/grow");
    assert_eq!(
        strings(&grow["children"]),
        [
            "platform/2026-Q4/reliability",
            "platform/2026-Q4/secret-migration"
        ]
    );
    assert!(dest
        .join("platform/2026-Q4/secret-migration.html")
        .is_file());
    assert!(dest.join("people/xavier-hidden.html").is_file());
}

#[test]
fn same_input_and_date_give_byte_identical_output() {
    let tmp = temp();
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    let source = common::fixture("cascade");
    build_ok(&source, &first, AS_OF, &[]);
    build_ok(&source, &second, AS_OF, &[]);
    let (a, b) = (snapshot(&first), snapshot(&second));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }

    // A rebuild into the same folder gives the same bytes too.
    build_ok(&source, &first, AS_OF, &[]);
    assert!(
        snapshot(&first) == b,
        "a rebuild in place changed the output"
    );

    // And the date matters: another as-of date changes okrs.json.
    let third = tmp.path().join("third");
    build_ok(&source, &third, "2026-11-16", &[]);
    assert_ne!(snapshot(&third)["okrs.json"], a["okrs.json"]);
}

#[test]
fn source_date_epoch_sets_the_as_of_date_when_the_flag_is_absent() {
    let tmp = temp();
    let dest = tmp.path().join("site");
    // 1_795_219_200 s after 1970 is 2026-11-21T00:00:00Z; 1_795_262_399 is 11:59:59 that day.
    let output = okrbook()
        .env("SOURCE_DATE_EPOCH", "1795262399")
        .arg("build")
        .arg(common::fixture("cascade"))
        .arg("--dest-dir")
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json = okrs_json(&dest);
    assert_eq!(json["as_of"], "2026-11-21");
    // On 2026-11-21 the revenue check-in of 11-20 (190) counts:
    // (190 − 100) / 100 = 0.9.
    let revenue = key_result(objective(&json, "company/2026-Q4/grow"), "revenue");
    assert_eq!(revenue["current"].as_f64(), Some(190.0));
    assert_close(score(revenue), 0.9);

    // --as-of wins over SOURCE_DATE_EPOCH.
    let flagged = tmp.path().join("flagged");
    let output = okrbook()
        .env("SOURCE_DATE_EPOCH", "1795262399")
        .arg("build")
        .arg(common::fixture("cascade"))
        .arg("--dest-dir")
        .arg(&flagged)
        .arg("--as-of")
        .arg(AS_OF)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(okrs_json(&flagged)["as_of"], AS_OF);

    // A SOURCE_DATE_EPOCH that is not a number is an error, not a silent "today".
    let output = okrbook()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .arg("build")
        .arg(common::fixture("cascade"))
        .arg("--dest-dir")
        .arg(tmp.path().join("never"))
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert_ne!(output.status.code(), Some(101), "no panic");
    assert!(
        stderr(&output).contains("SOURCE_DATE_EPOCH"),
        "{}",
        stderr(&output)
    );
    assert!(!tmp.path().join("never").exists());
}

fn assert_files(dest: &Path, paths: &[&str]) {
    for path in paths {
        assert!(
            dest.join(path).is_file(),
            "{path} is written; the site has: {:?}",
            snapshot(dest).keys().collect::<Vec<_>>()
        );
    }
}

#[test]
fn pages_live_at_urls_that_mirror_their_source_paths() {
    let (_tmp, dest, _json) = build_fixture(&[]);
    assert_files(
        &dest,
        &[
            // objectives: content/x/2026-Q4/y.md → x/2026-Q4/y.html
            "company/2026-Q4/grow.html",
            "company/2027-Q1/expand.html",
            "platform/2026-Q2/reliability.html",
            "platform/2026-Q3/reliability.html",
            "platform/2026-Q4/reliability.html",
            "sre/2026-Q4/oncall.html",
            "sre/2026-Q4/migration-support.html",
            "people/ana-lima/2026-Q4/learn-rust.html",
            // teams and guides mirror their source paths too
            "teams/acme.html",
            "teams/platform.html",
            "teams/sre.html",
            "guides/how-we-work.html",
            // generated pages
            "index.html",
            "404.html",
            ".nojekyll",
            "okrs.json",
            "periods/2026-Q2.html",
            "periods/2026-Q3.html",
            "periods/2026-Q4.html",
            "periods/2027-Q1.html",
            "cascade/2026-Q2.html",
            "cascade/2026-Q3.html",
            "cascade/2026-Q4.html",
            "cascade/2027-Q1.html",
            // one page per person who owns or leads anything published
            "people/rosa-diaz.html",
            "people/ben-okoro.html",
            "people/ana-lima.html",
        ],
    );
    // No page for the home page's prose source, and no Markdown copied over.
    assert!(!dest.join("index.md").exists());
    let files = snapshot(&dest);
    assert!(
        files.keys().all(|p| !p.ends_with(".md")),
        "no .md files in the output: {:?}",
        files.keys().collect::<Vec<_>>()
    );
}

#[test]
fn carried_from_chain_is_linked_both_ways() {
    let checked = okrbook::check(
        &common::fixture("cascade"),
        okrbook::date::Date::parse("2026-11-15").unwrap(),
    );
    assert!(
        !checked.has_errors(),
        "the fixture is valid: {:?}",
        checked.diagnostics
    );
    let handbook = checked.handbook.expect("a handbook");
    let index = |id: &str| handbook.links.objective_by_id[id];
    let (q2, q3, q4) = (
        index("platform/2026-Q2/reliability"),
        index("platform/2026-Q3/reliability"),
        index("platform/2026-Q4/reliability"),
    );
    assert_eq!(handbook.links.carried_from[q2], None);
    assert_eq!(handbook.links.carried_from[q3], Some(q2));
    assert_eq!(handbook.links.carried_from[q4], Some(q3));
    assert_eq!(handbook.links.carried_to[q2], vec![q3]);
    assert_eq!(handbook.links.carried_to[q3], vec![q4]);
    assert!(handbook.links.carried_to[q4].is_empty());

    // Team tree: acme → platform → sre.
    let team = |id: &str| handbook.links.team_by_id[id];
    assert_eq!(handbook.links.team_parent[team("acme")], None);
    assert_eq!(
        handbook.links.team_parent[team("platform")],
        Some(team("acme"))
    );
    assert_eq!(
        handbook.links.team_parent[team("sre")],
        Some(team("platform"))
    );
    assert_eq!(
        handbook.links.sub_teams[team("acme")],
        vec![team("platform")]
    );
    assert_eq!(
        handbook.links.sub_teams[team("platform")],
        vec![team("sre")]
    );
}
