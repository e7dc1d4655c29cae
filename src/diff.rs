//! Comparing two handbooks: what a pull request does to the goals.
//!
//! [`compare`] is a pure function from two validated handbooks and an as-of
//! date to a [`HandbookDiff`]; [`to_markdown`] renders it for a pull-request
//! comment or `$GITHUB_STEP_SUMMARY`. [`Side`] opens one side of the
//! comparison: a folder, or a git revision read with the `git` command
//! ([`git`]).
//!
//! Objectives are matched by id, key results by id within their objective,
//! check-ins by date (and, for several on one day, by their order that day).
//! An objective that is private on either side is never described: it only
//! counts towards [`PrivateChanges`], or, when it was public in BASE and is
//! private in HEAD, towards [`HandbookDiff::unpublished`] ("no longer
//! published", with neither its title nor anything else it says).
//!
//! By concern: `compare.rs` is the comparison (pure: two handbooks in,
//! changes out), `side.rs` and [`git`] load the two sides (a folder or a git
//! revision), `markdown.rs` writes the summary. The number formatting both
//! the comparison and the summary use stays here.

mod compare;
pub mod git;
mod markdown;
mod side;

pub use compare::{
    compare, EditedCheckin, FieldChange, GradeChange, GradeSummary, HandbookDiff, KeyResultChange,
    KeyResultRef, KrChange, Moved, NewCheckin, ObjectiveSummary, PrivateChanges, Retitled,
    ScoreChange,
};
pub use markdown::{md, to_markdown};
pub use side::Side;

use crate::model::CheckinValue;
use crate::numbers::format_number;

/// A number with its unit: `99.5%`, `250 ms`, `12`.
fn quantity(value: f64, unit: Option<&str>) -> String {
    let number = format_number(value);
    match unit.map(str::trim) {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some(unit) => format!("{number} {unit}"),
    }
}

fn value_text(value: CheckinValue, unit: Option<&str>) -> String {
    match value {
        CheckinValue::Number(n) => quantity(n, unit),
        CheckinValue::Done(true) => "done".to_string(),
        CheckinValue::Done(false) => "not done".to_string(),
    }
}
