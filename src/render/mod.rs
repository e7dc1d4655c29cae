//! Stage 5, render: the validated, scored handbook becomes a set of files.
//! Templates get typed views (see `views`); the JSON export is built from the
//! same scores (see `export`). Nothing here touches the disk: files go to a
//! sink the caller gives.
//!
//! Where things live:
//! - `pages`: the page table, every kind of page and data file described once;
//! - `driver`: the one render driver used by build, serve and check;
//! - `context`: the render context and the pieces every view shares;
//! - `describe`: each page's meta description and Open Graph address;
//! - `objective`, `team`, `period`, `person`, `guide`: each family's views;
//! - `paths`: where pages are written and links between them;
//! - `charts`: SVG charts, `chart_data`: the data behind them;
//! - `grading`: the grading page; `attention`: the home page's "needs attention" list;
//! - `health`, `search`, `feed`, `export`: the coaching page, search index,
//!   Atom feed and sitemap, and okrs.json;
//! - `incremental`: which pages an edit reaches, for `okrbook serve`.

mod attention;
mod chart_data;
pub mod charts;
pub(crate) mod context;
mod describe;
mod driver;
pub mod export;
pub mod feed;
mod grading;
mod guide;
pub mod health;
pub mod incremental;
pub mod markdown;
mod objective;
mod pages;
mod paths;
mod period;
mod person;
pub mod search;
mod team;
pub mod views;

pub use context::Context;
pub use driver::{check_site, render_all, render_changes_in_steps, Rendered};
pub use paths::{period_path, relative};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use paths::html_path;
use std::collections::BTreeMap;

/// What to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The date scores, statuses and "current period" are computed as of.
    pub as_of: Date,
    /// Coaching findings to publish: a notice on each objective's page and the health page.
    pub findings: Vec<Diagnostic>,
    /// How key results' targets and baselines changed after their period
    /// started, from git; empty when not read.
    pub history: crate::history::History,
}

/// The rendered site: output path (relative, `/`-separated) → bytes.
pub type Site = BTreeMap<String, Vec<u8>>;
