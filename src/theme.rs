//! Themes: the default theme is compiled into the binary; a handbook's
//! `themes/<name>/` overrides it file by file (`templates/*.html` and
//! `static/*`).

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, by path relative to `themes/default/`.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/objective.html",
    "templates/team.html",
    "templates/teams.html",
    "templates/period.html",
    "templates/cascade.html",
    "templates/person.html",
    "templates/people.html",
    "templates/grading.html",
    "templates/health.html",
    "templates/page.html",
    "templates/404.html",
    "static/okrbook.css",
    "static/favicon.svg",
    "static/okrbook.js",
    "static/search.js",
);

/// A theme ready to render: compiled templates and the static files to copy.
pub struct Theme {
    /// The compiled templates, by path under `templates/`; `.html` and `.xml` are autoescaped.
    pub tera: tera::Tera,
    /// Output path (under `assets/`) → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Whether the handbook's theme folder replaces any template.
    pub custom_templates: bool,
}

/// Loads the theme `name`: the default theme with the files of the
/// handbook's theme folder (`themes/<name>/`, resolved by
/// `layout::theme_folder`) laid over it. Only regular files inside
/// that folder (links too must point inside it), not hidden, of at most
/// `max_file_size` bytes are read.
pub fn load(folder: &Path, name: &str, max_file_size: u64) -> Result<Theme, Vec<Diagnostic>> {
    let (files, custom_templates) = read_files(folder, name, max_file_size)?;
    compile(files, custom_templates, name)
}

/// The theme last compiled by [`load_cached`], with the files it came from.
#[derive(Default)]
pub struct ThemeCache {
    compiled: Option<(ThemeFiles, std::sync::Arc<Theme>)>,
}

/// A theme's files by path (`templates/…`, `static/…`), and whether they replace a default template.
type ThemeFiles = (BTreeMap<String, Vec<u8>>, bool);

/// Like [`load`], but compiles the templates only when a file of the theme
/// changed since the theme in `cache` was compiled: `okrbook serve` reads
/// the theme's files on every rebuild and compiles them once.
pub fn load_cached(
    folder: &Path,
    name: &str,
    max_file_size: u64,
    cache: &mut ThemeCache,
) -> Result<std::sync::Arc<Theme>, Vec<Diagnostic>> {
    let files = read_files(folder, name, max_file_size)?;
    if let Some((cached, theme)) = &cache.compiled {
        if *cached == files {
            return Ok(std::sync::Arc::clone(theme));
        }
    }
    let theme = std::sync::Arc::new(compile(files.0.clone(), files.1, name)?);
    cache.compiled = Some((files, std::sync::Arc::clone(&theme)));
    Ok(theme)
}

/// The default theme's files with those of the theme folder laid over them,
/// and whether any template differs from the default's.
fn read_files(
    folder: &Path,
    name: &str,
    max_file_size: u64,
) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    let mut custom_templates = false;
    if folder.is_dir() {
        let mut problems = Vec::new();
        let mut walker = WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let shown = error
                        .path()
                        .and_then(|p| p.strip_prefix(folder).ok())
                        .map(|p| format!("themes/{name}/{}", p.to_string_lossy()))
                        .unwrap_or_else(|| format!("themes/{name}"));
                    problems.push(Diagnostic::error(
                        Code::Theme,
                        &shown,
                        1,
                        1,
                        format!("cannot read this part of the theme: {error}"),
                    ));
                    continue;
                }
            };
            // Hidden files and folders (`.git`, editor files) are never published.
            if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(folder) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let shown = format!("themes/{name}/{rel}");
            if entry.path_is_symlink() {
                // Static files are published as they are: a link may only
                // point inside the theme's own folder, never at the sources
                // (private objectives) or `.git`.
                let inside = std::fs::canonicalize(entry.path())
                    .is_ok_and(|target| crate::paths::is_within(&target, folder));
                if !inside {
                    problems.push(
                        Diagnostic::error(
                            Code::OutsideHandbook,
                            &shown,
                            1,
                            1,
                            "this symbolic link points outside the theme's folder; it was not followed",
                        )
                        .with_help("copy the file into the theme, or remove the link"),
                    );
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
            if !entry.file_type().is_file()
                || !(rel.starts_with("templates/") || rel.starts_with("static/"))
            {
                continue;
            }
            match crate::paths::read_limited(entry.path(), max_file_size) {
                Ok(bytes) => {
                    files.insert(rel, bytes);
                }
                Err(crate::paths::ReadError::TooLarge { limit }) => problems.push(
                    Diagnostic::error(
                        Code::FileTooLarge,
                        &shown,
                        1,
                        1,
                        format!(
                            "this theme file is larger than {}, the most okrbook reads from one file",
                            crate::paths::human_size(limit)
                        ),
                    )
                    .with_help("make it smaller, or raise `max-file-size` under [build] in book.toml"),
                ),
                Err(crate::paths::ReadError::NotRegular) => {}
                Err(crate::paths::ReadError::Io(error)) => problems.push(Diagnostic::error(
                    Code::Theme,
                    &shown,
                    1,
                    1,
                    format!("cannot read this theme file: {error}"),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        custom_templates = files.iter().any(|(path, bytes)| {
            path.starts_with("templates/")
                && DEFAULT_THEME
                    .iter()
                    .find(|(default, _)| default == path)
                    .is_none_or(|(_, default)| *default != bytes.as_slice())
        });
    } else if name != "default" {
        return Err(vec![Diagnostic::error(
            Code::Theme,
            "book.toml",
            1,
            1,
            format!("the theme `{name}` has no folder themes/{name}/"),
        )
        .with_help(
            "create the folder, or set `theme = \"default\"` under [output.html]",
        )]);
    }
    Ok((files, custom_templates))
}

/// Compiles the templates of `files` and sets the static files apart.
fn compile(
    files: BTreeMap<String, Vec<u8>>,
    custom_templates: bool,
    name: &str,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut static_files = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (path, bytes) in files {
        if let Some(template) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => templates.push((template.to_string(), text)),
                Err(_) => diagnostics.push(Diagnostic::error(
                    Code::Theme,
                    &format!("themes/{name}/{path}"),
                    1,
                    1,
                    "this template is not UTF-8 text",
                )),
            }
        } else if let Some(asset) = path.strip_prefix("static/") {
            static_files.insert(format!("assets/{asset}"), bytes);
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("inline", InlineFilter);
    tera.register_filter("plain", PlainFilter);
    if let Err(error) = tera.add_raw_templates(templates) {
        diagnostics.push(template_diagnostic(name, &error));
    }
    if diagnostics.is_empty() {
        Ok(Theme {
            tera,
            static_files,
            custom_templates,
        })
    } else {
        Err(diagnostics)
    }
}

/// `{{ objective.title | inline }}`: a short text's inline Markdown as safe
/// HTML ([`crate::inline::to_html`]); `inline(links=false)` for a text shown
/// inside a link, whose own links would nest.
struct InlineFilter;

impl tera::Filter for InlineFilter {
    fn filter(
        &self,
        value: &tera::Value,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let links = match args.get("links") {
            None => true,
            Some(tera::Value::Bool(links)) => *links,
            Some(other) => {
                return Err(tera::Error::msg(format!(
                    "the `inline` filter's `links` is true or false, not {other}"
                )))
            }
        };
        Ok(tera::Value::String(crate::inline::to_html(
            &filter_text(value),
            links,
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ objective.title | plain }}`: a short text with its Markdown taken
/// out ([`crate::inline::plain`]), for attributes and other text-only
/// places. Not safe: autoescaping escapes it as any text.
struct PlainFilter;

impl tera::Filter for PlainFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Ok(tera::Value::String(crate::inline::plain(&filter_text(
            value,
        ))))
    }
}

/// What a filter reads: a string as it is, nothing for a missing value
/// (`null`), any other value as Tera prints it.
fn filter_text(value: &tera::Value) -> String {
    match value {
        tera::Value::String(text) => text.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Escapes text for HTML element content and quoted attribute values.
/// Tera's own escaper also encodes `/`, which makes every URL unreadable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    crate::inline::escape_into(&mut out, text);
    out
}

/// A Tera error as a finding, with its whole chain of causes.
pub fn template_diagnostic(theme: &str, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::error(
        Code::Template,
        &format!("themes/{theme}/templates"),
        1,
        1,
        message,
    )
    .with_help("fix the template, or delete it to fall back to the default theme's")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_cached_theme_is_compiled_again_only_when_a_file_changed() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let folder = tmp.path().join("house");
        std::fs::create_dir_all(folder.join("templates")).expect("create the theme");
        let page = folder.join("templates/page.html");
        std::fs::write(&page, "first {{ 1 }}").expect("write a template");
        let mut cache = ThemeCache::default();
        let first = load_cached(&folder, "house", 1 << 20, &mut cache).expect("loads");
        let again = load_cached(&folder, "house", 1 << 20, &mut cache).expect("loads");
        assert!(
            Arc::ptr_eq(&first, &again),
            "unchanged files: the same theme"
        );
        assert!(first.custom_templates);

        std::fs::write(&page, "second {{ 2 }}").expect("edit the template");
        let edited = load_cached(&folder, "house", 1 << 20, &mut cache).expect("loads");
        assert!(
            !Arc::ptr_eq(&first, &edited),
            "an edited template is compiled again"
        );
        let rendered = edited
            .tera
            .render("page.html", &tera::Context::new())
            .expect("renders");
        assert_eq!(rendered, "second 2");
    }
}
