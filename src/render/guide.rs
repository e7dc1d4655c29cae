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

    pub(super) fn not_found(&self) -> NotFoundView {
        let root = self.handbook.config.site_url.clone();
        NotFoundView {
            layout: self.layout_with_root(root, "404.html", "Page not found", "home"),
        }
    }
}
