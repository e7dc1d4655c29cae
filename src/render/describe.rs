//! What each page says about itself to search engines and to chat apps that
//! unfurl a pasted link: `<meta name="description">` and the Open Graph
//! tags, in plain text. Every page gets its own: an objective's names its
//! owner, status and score; the others say what kind of page they are and
//! of what.

use super::context::Context;
use super::feed::is_absolute_url;
use crate::inline::plain;
use crate::paths::encode_path;

impl<'a> Context<'a> {
    /// The description of a page other than an objective or a guide, from
    /// where it is (`path`), its title and its section of the site.
    pub(super) fn describe(&self, path: &str, title: &str, section: &str) -> String {
        let book = &self.handbook.config.title;
        let as_of = self.options.as_of;
        match (section, path) {
            (_, "index.html") => match &self.handbook.config.description {
                Some(description) if !description.trim().is_empty() => description.clone(),
                _ => format!(
                    "The objectives and key results of {book} for {}, scored as of {as_of}.",
                    self.current_period
                ),
            },
            (_, "404.html") => format!("This page is not in {book}."),
            ("period", _) => format!(
                "Every objective of {title} in {book}, by team, with its key results, status and score as of {as_of}."
            ),
            ("cascade", _) => {
                let period = title.trim_start_matches("Cascade ");
                format!("How the objectives of {period} in {book} align, from the organization down to teams and people.")
            }
            ("grading", _) => format!(
                "The final scores of every ended period in {book}, by team and period, and their trend."
            ),
            ("health", _) => format!(
                "Coaching on how the objectives and key results of {book} are written, by team, as of {as_of}."
            ),
            ("teams", "teams.html") => format!("Every team of {book}, from the top down."),
            ("teams", _) => format!(
                "{title}: its objectives and key results in {book}, period by period, with scores as of {as_of}."
            ),
            ("people", "people.html") => {
                format!("Everyone in {book}: who leads a team and who owns objectives and key results.")
            }
            ("people", _) => format!(
                "What {title} owns in {book}: objectives and key results, with their status and score as of {as_of}."
            ),
            _ => format!("{title}: a page of {book}."),
        }
    }

    /// An objective's description: its title, team and period, owners,
    /// status and score as its page shows them, in plain text.
    pub(super) fn describe_objective(&self, index: usize) -> String {
        let objective = &self.handbook.objectives[index];
        let card = self.card(&self.objective_paths[index], index);
        let mut text = plain(&objective.title);
        let team = self.handbook.links.team_of[index].map(|t| &self.handbook.teams[t].name);
        match team {
            Some(team) => text.push_str(&format!(" — {team}, {}.", objective.period)),
            None => text.push_str(&format!(" — {}.", objective.period)),
        }
        match crate::model::names_text(&objective.owners) {
            Some(owners) => text.push_str(&format!(" Owner: {owners}.")),
            None => text.push_str(" No owner."),
        }
        text.push_str(&format!(" Status: {}.", card.status_label));
        match &card.score {
            Some(score) => text.push_str(&format!(
                " Score {} as of {}.",
                score.text, self.options.as_of
            )),
            None => text.push_str(" Not scored."),
        }
        text
    }

    /// A guide's description: its own `description:`, else its title and the handbook's.
    pub(super) fn describe_guide(&self, page: &crate::model::Page) -> String {
        match &page.description {
            Some(description) if !description.trim().is_empty() => plain(description),
            _ => format!("{}: a guide of {}.", page.title, self.handbook.config.title),
        }
    }

    /// The page's absolute address, for `og:url`, when `site-url` is an
    /// absolute URL; `None` otherwise and for the 404 page, which is served
    /// at any missing address.
    pub(super) fn absolute_url(&self, path: &str) -> Option<String> {
        let site_url = &self.handbook.config.site_url;
        if !is_absolute_url(site_url) || path == "404.html" {
            return None;
        }
        Some(if path == "index.html" {
            site_url.clone()
        } else {
            format!("{site_url}{}", encode_path(path))
        })
    }
}
