//! Guide pages written in Markdown under the source folder, and the page
//! for missing pages (404.html).

use super::context::Context;
use super::views::*;

impl<'a> Context<'a> {
    pub(super) fn page(&self, page: &crate::model::Page, path: &str) -> PageView {
        let mut layout = self.layout(path, &page.title, "guide");
        layout.edit_url = self.edit_url(&page.origin.display_path);
        layout.description = self.describe_guide(page);
        layout.og_type = "article";
        PageView {
            layout,
            title: page.title.clone(),
            description: page.description.clone(),
            extra: page.extra.clone(),
            body_html: self.markdown(&page.body),
        }
    }

    /// The page for missing pages: its links are relative to the site's
    /// root, where it lies, so that it works opened from disk; served for a
    /// missing path at any depth, its `<base href=site-url>` resolves them
    /// (the template's script makes the file its own base on disk). No
    /// section of the navigation is the current one.
    pub(super) fn not_found(&self) -> NotFoundView {
        NotFoundView {
            layout: self.layout("404.html", "Page not found", "none"),
            site_url: self.handbook.config.site_url.clone(),
        }
    }
}
