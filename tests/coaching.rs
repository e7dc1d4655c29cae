//! Coaching sized for real handbooks (issue 12): the lints that fired on the
//! public OKRs of real organizations although their shapes were fine, and
//! `[output.html] coaching`, which says how much coaching the site shows.
//!
//! Every handbook here is written by [`Handbook`] and checked or built as of
//! 2026-06-10 (2026-Q2 is running): an organization `org` with a team
//! `alpha` under it, `alpha-web` under alpha, and `beta` beside alpha.

mod common;

use common::handbook::{Handbook, Run};
use common::serve::Served;

const AS_OF: &str = "2026-06-10";

const BOOK: &str = "[book]\ntitle = \"Coaching\"\n";

/// A metric key result that no lint finds anything in.
const METRIC: &str = "  - title: Median minutes from merge to production
    owner: Ana Silva
    unit: minutes
    baseline: 40
    target: 20
    checkins:
      - date: 2026-06-01
        value: 30
";

/// The teams, and the config `extra` added to [`BOOK`].
fn handbook(extra: &str) -> Handbook {
    Handbook::new()
        .config(&format!("{BOOK}{extra}"))
        .file(
            "content/teams/org.md",
            "---\ntype: team\nname: Org\nlead: Olga Berg\n---\n",
        )
        .file(
            "content/teams/alpha.md",
            "---\ntype: team\nname: Alpha\nparent: org\nlead: Ana Silva\n---\n",
        )
        .file(
            "content/teams/alpha-web.md",
            "---\ntype: team\nname: Alpha Web\nparent: alpha\nlead: Ana Silva\n---\n",
        )
        .file(
            "content/teams/beta.md",
            "---\ntype: team\nname: Beta\nparent: org\nlead: Ben Okoro\n---\n",
        )
}

/// An objective's file: front matter lines `head` (title, period, team,
/// parent…), an owner, and `krs` key results of [`METRIC`] (none: no
/// `key_results` at all), or the key results written in `own`.
fn objective(head: &str, krs: usize, own: &str) -> String {
    let mut text = format!("---\n{head}owner: Ana Silva\n");
    if krs > 0 || !own.is_empty() {
        text.push_str("key_results:\n");
        for _ in 0..krs {
            text.push_str(METRIC);
        }
        text.push_str(own);
    }
    text.push_str("---\nWhy it matters.\n");
    text
}

/// The org's objective in 2026-Q2, which team objectives of that period can support.
fn with_north_star(book: Handbook) -> Handbook {
    book.file(
        "content/org/2026-Q2/north-star.md",
        objective(
            "title: Shippers trust our delivery dates\nperiod: 2026-Q2\nteam: org\n",
            2,
            "",
        ),
    )
}

/// Whether `okrbook check` reported a `code` finding in `file`.
fn flagged(run: &Run, code: &str, file: &str) -> bool {
    let stderr = run.stderr();
    stderr
        .lines()
        .any(|l| l.starts_with(&format!("{file}:")) && l.contains(&format!("[{code}]")))
}

#[track_caller]
fn assert_flagged(run: &Run, code: &str, file: &str) {
    assert!(
        flagged(run, code, file),
        "no {code} in {file}:\n{}",
        run.stderr()
    );
}

#[track_caller]
fn assert_not_flagged(run: &Run, code: &str, file: &str) {
    assert!(
        !flagged(run, code, file),
        "{code} in {file}:\n{}",
        run.stderr()
    );
}

fn check(book: &Handbook) -> Run {
    let run = book.check_as_of(AS_OF, &[]);
    run.assert_success();
    run
}

// ------------------------------------------------------------ unmeasurable

const MILESTONE_PLAIN: &str = "  - title: Checkout runs on the new payment provider
    kind: milestone
    owner: Ana Silva
";

const MILESTONE_CHECKED_IN: &str = "  - title: The old provider's contract has ended
    kind: milestone
    owner: Ana Silva
    checkins:
      - date: 2026-06-01
        value: false
";

const MILESTONE_SCORED: &str = "  - title: Refunds run on the new payment provider
    kind: milestone
    owner: Ana Silva
    score: 0.5
    scored_on: 2026-06-01
";

#[test]
fn milestones_that_carry_results_measure_their_objective() {
    let head = |name: &str| {
        format!("title: Checkout leaves the old provider ({name})\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/north-star\n")
    };
    let book = with_north_star(handbook(""))
        .file(
            "content/alpha/2026-Q2/plans.md",
            objective(
                &head("plans"),
                0,
                &format!(
                    "{MILESTONE_PLAIN}{}",
                    MILESTONE_PLAIN.replace("Checkout", "Refunds")
                ),
            ),
        )
        .file(
            "content/alpha/2026-Q2/results.md",
            objective(
                &head("results"),
                0,
                &format!("{MILESTONE_CHECKED_IN}{MILESTONE_SCORED}"),
            ),
        );
    // Checked in, but marked `score: n/a`: never scored, so it measures nothing.
    let never_scored =
        MILESTONE_CHECKED_IN.replace("    checkins:", "    score: n/a\n    checkins:");
    let book = book.file(
        "content/alpha/2026-Q2/never-scored.md",
        objective(&head("never scored"), 0, &never_scored),
    );
    let run = check(&book);
    assert_flagged(
        &run,
        "unmeasurable",
        "content/alpha/2026-Q2/never-scored.md",
    );
    // Milestones with no check-in and no score: nothing shows how close it came.
    assert_flagged(&run, "unmeasurable", "content/alpha/2026-Q2/plans.md");
    // One checked in, one scored by hand: both carry a result.
    assert_not_flagged(&run, "unmeasurable", "content/alpha/2026-Q2/results.md");
}

// ------------------------------------------------------------ count limits

#[test]
fn a_larger_max_key_results_in_book_toml_wins() {
    let head = |n: &str| {
        format!("title: Fixes reach customers {n}\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/north-star\n")
    };
    let book = with_north_star(handbook("[okr]\nmax-key-results = 6\n"))
        .file(
            "content/alpha/2026-Q2/five.md",
            objective(&head("five"), 5, ""),
        )
        .file(
            "content/alpha/2026-Q2/seven.md",
            objective(&head("seven"), 7, ""),
        );
    let run = check(&book);
    assert_not_flagged(
        &run,
        "too-many-key-results",
        "content/alpha/2026-Q2/five.md",
    );
    assert_flagged(
        &run,
        "too-many-key-results",
        "content/alpha/2026-Q2/seven.md",
    );
    run.assert_stderr_contains("7 key results, more than 6");
}

#[test]
fn a_min_key_results_above_the_default_maximum_is_the_books_to_set() {
    // The book sets only a minimum, above the default maximum of 4: the
    // default maximum must not reject it or flag an objective that meets it.
    let head = |n: &str| {
        format!("title: Fixes reach customers {n}\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/north-star\n")
    };
    let book = with_north_star(handbook("[okr]\nmin-key-results = 5\n"))
        .file(
            "content/alpha/2026-Q2/four.md",
            objective(&head("four"), 4, ""),
        )
        .file(
            "content/alpha/2026-Q2/five.md",
            objective(&head("five"), 5, ""),
        );
    let run = check(&book);
    assert_not_flagged(
        &run,
        "too-many-key-results",
        "content/alpha/2026-Q2/five.md",
    );
    assert_not_flagged(&run, "too-few-key-results", "content/alpha/2026-Q2/five.md");
    assert_flagged(&run, "too-few-key-results", "content/alpha/2026-Q2/four.md");
}

#[test]
fn a_max_key_results_below_the_default_minimum_is_the_books_to_set() {
    let head = |n: &str| {
        format!("title: Fixes reach customers {n}\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/north-star\n")
    };
    let book = with_north_star(handbook("[okr]\nmax-key-results = 1\n"))
        .file(
            "content/alpha/2026-Q2/one.md",
            objective(&head("one"), 1, ""),
        )
        .file(
            "content/alpha/2026-Q2/two.md",
            objective(&head("two"), 2, ""),
        );
    let run = check(&book);
    assert_not_flagged(&run, "too-few-key-results", "content/alpha/2026-Q2/one.md");
    assert_flagged(&run, "too-many-key-results", "content/alpha/2026-Q2/two.md");
}

#[test]
fn both_key_result_limits_set_and_crossed_are_still_an_error() {
    let run = handbook("[okr]\nmin-key-results = 5\nmax-key-results = 3\n").check_as_of(AS_OF, &[]);
    run.assert_code(1)
        .assert_stderr_contains("`min-key-results` is 5, more than `max-key-results` (3)");
}

/// `count` objectives of the organization in 2026-Q2.
fn org_objectives(book: Handbook, count: usize) -> Handbook {
    (0..count).fold(book, |book, i| {
        book.file(
            &format!("content/org/2026-Q2/goal-{i}.md"),
            objective(
                &format!("title: Organization goal {i}\nperiod: 2026-Q2\nteam: org\n"),
                2,
                "",
            ),
        )
    })
}

#[test]
fn max_objectives_per_team_in_book_toml_covers_the_organization_too() {
    // Four objectives: more than the built-in organization default (3),
    // fewer than the book's limit for a team (6), which the top team is too.
    let run = check(&org_objectives(
        handbook("[okr]\nmax-objectives-per-team = 6\n"),
        4,
    ));
    assert_not_flagged(&run, "too-many-objectives", "content/teams/org.md");
    // Seven are more than the book allows.
    let run = check(&org_objectives(
        handbook("[okr]\nmax-objectives-per-team = 6\n"),
        7,
    ));
    assert_flagged(&run, "too-many-objectives", "content/teams/org.md");
    run.assert_stderr_contains("more than the 6");
    // The organization's own limit, when the book sets it, is the one that counts.
    let run = check(&org_objectives(
        handbook("[okr]\nmax-objectives-per-team = 6\nmax-objectives-organization = 3\n"),
        4,
    ));
    assert_flagged(&run, "too-many-objectives", "content/teams/org.md");
}

// ------------------------------------------------------------ not-aligned

#[test]
fn not_aligned_only_where_a_higher_objective_exists_in_the_period() {
    let book = with_north_star(handbook(""))
        // 2026-Q2: the org has an objective, so alpha's could align to it.
        .file(
            "content/alpha/2026-Q2/alone.md",
            objective(
                "title: Fixes reach customers faster\nperiod: 2026-Q2\nteam: alpha\n",
                2,
                "",
            ),
        )
        // 2026-Q3: only beta (a sibling, not above alpha-web) and alpha-web
        // itself have objectives; nothing above alpha-web.
        .file(
            "content/beta/2026-Q3/beta.md",
            objective(
                "title: Beta ships faster\nperiod: 2026-Q3\nteam: beta\n",
                2,
                "",
            ),
        )
        .file(
            "content/alpha-web/2026-Q3/web.md",
            objective(
                "title: Pages load faster\nperiod: 2026-Q3\nteam: alpha-web\n",
                2,
                "",
            ),
        )
        .file(
            "content/alpha-web/2026-Q3/web-two.md",
            objective(
                "title: Pages break less\nperiod: 2026-Q3\nteam: alpha-web\n",
                2,
                "",
            ),
        )
        // 2026-Q4: alpha (above alpha-web) has one.
        .file(
            "content/alpha/2026-Q4/alpha.md",
            objective(
                "title: Alpha ships faster\nperiod: 2026-Q4\nteam: alpha\n",
                2,
                "",
            ),
        )
        .file(
            "content/alpha-web/2026-Q4/web.md",
            objective(
                "title: Pages load faster still\nperiod: 2026-Q4\nteam: alpha-web\n",
                2,
                "",
            ),
        )
        // Individual goals: 2026-Q2 has team objectives, 2027-Q1 none.
        .file(
            "content/people/sam-lee/2026-Q2/goal.md",
            objective(
                "title: Become the go-to person for incidents\nperiod: 2026-Q2\n",
                2,
                "",
            ),
        )
        .file(
            "content/people/sam-lee/2027-Q1/goal.md",
            objective("title: Learn the billing code\nperiod: 2027-Q1\n", 2, ""),
        )
        // 2028-H2: the org has a yearly objective for 2028, which holds the half.
        .file(
            "content/org/2028/yearly.md",
            objective(
                "title: Customers stay a second year\nperiod: 2028\nteam: org\n",
                2,
                "",
            ),
        )
        .file(
            "content/alpha/2028-H2/half.md",
            objective(
                "title: Renewals take one click\nperiod: 2028-H2\nteam: alpha\n",
                2,
                "",
            ),
        );
    let run = check(&book);
    assert_flagged(&run, "not-aligned", "content/alpha/2028-H2/half.md");
    assert_flagged(&run, "not-aligned", "content/alpha/2026-Q2/alone.md");
    assert_not_flagged(&run, "not-aligned", "content/alpha-web/2026-Q3/web.md");
    assert_not_flagged(&run, "not-aligned", "content/alpha-web/2026-Q3/web-two.md");
    assert_flagged(&run, "not-aligned", "content/alpha-web/2026-Q4/web.md");
    // The organization level is never not-aligned; alpha's 2026-Q4 has the
    // org above it but no org objective in 2026-Q4.
    assert_not_flagged(&run, "not-aligned", "content/org/2026-Q2/north-star.md");
    assert_not_flagged(&run, "not-aligned", "content/alpha/2026-Q4/alpha.md");
    assert_not_flagged(&run, "not-aligned", "content/beta/2026-Q3/beta.md");
    assert_flagged(
        &run,
        "not-aligned",
        "content/people/sam-lee/2026-Q2/goal.md",
    );
    assert_not_flagged(
        &run,
        "not-aligned",
        "content/people/sam-lee/2027-Q1/goal.md",
    );
}

// ------------------------------------------------------------ roll-ups

#[test]
fn a_roll_up_objective_needs_no_key_results_of_its_own() {
    let book = handbook("")
        .file(
            "content/org/2026-Q2/rollup.md",
            objective("title: Shippers trust our delivery dates\nperiod: 2026-Q2\nteam: org\n", 0, ""),
        )
        .file(
            "content/alpha/2026-Q2/support.md",
            objective(
                "title: Fixes reach customers faster\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/rollup\n",
                2,
                "",
            ),
        )
        .file(
            "content/org/2026-Q2/empty.md",
            objective("title: Carriers like working with us\nperiod: 2026-Q2\nteam: org\n", 0, ""),
        );
    let run = check(&book);
    for code in ["too-few-key-results", "unmeasurable"] {
        assert_not_flagged(&run, code, "content/org/2026-Q2/rollup.md");
        assert_flagged(&run, code, "content/org/2026-Q2/empty.md");
    }
}

// ------------------------------------------------------------ [output.html] coaching

/// A handbook with one finding: an objective with no owner, in alpha.
fn coached(html: &str) -> Handbook {
    with_north_star(handbook(&format!(
        "[output.html]\nsite-url = \"https://okrs.example.com/\"\n{html}"
    )))
    .file(
        "content/alpha/2026-Q2/ownerless.md",
        objective(
            "title: Fixes reach customers faster\nperiod: 2026-Q2\nteam: alpha\nparent: org/2026-Q2/north-star\n",
            2,
            "",
        )
        .replace("owner: Ana Silva\nkey_results", "key_results"),
    )
}

const PAGE: &str = "alpha/2026-Q2/ownerless.html";
const BOX: &str = "<aside class=\"coaching\"";

/// `check` lists the finding whatever the setting.
#[track_caller]
fn check_lists_the_finding(book: &Handbook) {
    let run = check(book);
    assert_flagged(&run, "no-owner", "content/alpha/2026-Q2/ownerless.md");
}

#[test]
fn coaching_pages_is_the_default_and_changes_nothing() {
    let default = coached("").build_as_of(AS_OF);
    default.assert_success();
    let pages = coached("coaching = \"pages\"\n").build_as_of(AS_OF);
    pages.assert_success();
    assert!(
        default.files() == pages.files(),
        "\"pages\" builds as no key does"
    );
    pages
        .assert_file_contains(PAGE, BOX)
        .assert_file_contains("health.html", "no-owner")
        .assert_file_contains("index.html", "href=\"health.html\"")
        .assert_file_contains("sitemap.xml", "health.html");
    check_lists_the_finding(&coached("coaching = \"pages\"\n"));
}

#[test]
fn coaching_health_keeps_objective_pages_clean() {
    let book = coached("coaching = \"health\"\n");
    let run = book.build_as_of(AS_OF);
    run.assert_success()
        .assert_file_contains(PAGE, "Fixes reach customers faster")
        .assert_file_lacks(PAGE, BOX)
        .assert_file_lacks(PAGE, "no-owner")
        .assert_file_contains("health.html", "no-owner")
        .assert_file_contains("health.html", "alpha/2026-Q2/ownerless.html")
        .assert_file_contains("index.html", "href=\"health.html\"");
    check_lists_the_finding(&book);
}

#[test]
fn coaching_off_publishes_no_finding_and_no_health_page() {
    let book = coached("coaching = \"off\"\n");
    let run = book.build_as_of(AS_OF);
    run.assert_success()
        .assert_file_contains(PAGE, "Fixes reach customers faster")
        .assert_file_lacks(PAGE, BOX)
        .assert_file_lacks(PAGE, "no-owner");
    let files = run.file_list();
    assert!(!files.iter().any(|f| f == "health.html"), "{files:?}");
    for (rel, bytes) in run.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("health.html"), "{rel} names health.html");
        assert!(!text.contains("no-owner"), "{rel} shows the finding");
    }
    check_lists_the_finding(&book);

    // serve agrees with build: no health page, none linked.
    let written = book.write();
    let served = Served::start(&written.root, &["--as-of", AS_OF]);
    assert_eq!(served.get("/health.html").status, 404);
    let page = served.get(&format!("/{PAGE}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Fixes reach customers faster"));
    assert!(!page.body.contains(BOX));
    assert!(!page.body.contains("health.html"));
}

#[test]
fn an_unknown_coaching_value_names_the_key_and_the_closest_word() {
    let run = coached("coaching = \"heath\"\n").build_as_of(AS_OF);
    run.assert_code(1)
        .assert_error("unknown-value")
        .assert_stderr_contains("`coaching`")
        .assert_stderr_contains("did you mean \"health\"?");
    let line = run
        .stderr()
        .lines()
        .find(|l| l.contains("error[unknown-value]"))
        .unwrap_or_default()
        .to_string();
    assert!(line.starts_with("book.toml:5:1:"), "{line}");
}
