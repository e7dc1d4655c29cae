#!/usr/bin/env python3
"""Turn a generated okrbook handbook into a minimal plain site for a peer generator.

usage: plain_site.py hugo|zola HANDBOOK_DIR SITE_DIR

For each objective file under HANDBOOK_DIR/content (every Markdown file whose
front matter has a `period:`; team files, guides and index.md are left out),
writes SITE_DIR/content/<same relative path> with only a `title` in its front
matter and the objective's Markdown body (everything after the closing
`---`), plus the smallest configuration and layout that make the generator
render each page as plain HTML: no theme, no modules, no network, no RSS,
sitemap or taxonomies. Prints the number of pages written.

hugo: hugo.toml (the name Hugo reads first since 0.110; Debian 12 ships
0.111) and layouts/_default/{baseof,single,list}.html.
zola: config.toml, templates/{index,section,page}.html and an _index.md in
every content folder, so every folder is a section and every page renders.

Python 3 standard library only.
"""
import json
import pathlib
import shutil
import sys

BASEOF = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
</body>
</html>
"""
SINGLE = """{{ define "main" }}<main><h1>{{ .Title }}</h1>
{{ .Content }}
</main>{{ end }}
"""
LIST = """{{ define "main" }}<main><h1>{{ .Title }}</h1>
{{ .Content }}
</main>{{ end }}
"""
HUGO_CONFIG = """baseURL = "http://example.org/"
title = "Plain pages"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false
uglyURLs = true
"""
# Zola's defaults already leave out feeds, Sass, the search index and highlighting;
# naming no other key keeps the file valid across Zola versions.
ZOLA_CONFIG = """base_url = "http://example.org"
title = "Plain pages"
"""
ZOLA_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1>
{{ page.content | safe }}
</main></body>
</html>
"""
ZOLA_SECTION = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body><main><h1>{{ section.title }}</h1>
{{ section.content | safe }}
</main></body>
</html>
"""


def split(text):
    """(front matter, body) of a file that starts with a `---` block, else None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    return text[4:end + 1], text[end + 5:]


def title_of(front):
    for line in front.splitlines():
        if line.startswith("title:"):
            value = line[len("title:"):].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return value
    return None


def is_objective(front):
    return any(line.startswith("period:") for line in front.splitlines())


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("hugo", "zola"):
        raise SystemExit(__doc__.strip().splitlines()[2])
    engine, handbook, site = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    source = handbook / "content"
    if not source.is_dir():
        raise SystemExit(f"{source} is not a folder")
    if site.exists():
        shutil.rmtree(site)
    content = site / "content"
    pages = 0
    folders = set()
    for path in sorted(source.rglob("*.md")):
        parts = split(path.read_text(encoding="utf-8"))
        if parts is None or not is_objective(parts[0]):
            continue
        front, body = parts
        title = title_of(front) or path.stem
        rel = path.relative_to(source)
        if engine == "hugo":
            # JSON strings are valid YAML scalars, so any title is quoted safely.
            text = f"---\ntitle: {json.dumps(title)}\n---\n{body}"
        else:
            # TOML basic strings take the same escapes as JSON for what titles hold.
            text = f"+++\ntitle = {json.dumps(title)}\n+++\n{body}"
        write(content / rel, text)
        pages += 1
        parent = rel.parent
        while parent != pathlib.Path("."):
            folders.add(parent)
            parent = parent.parent
    if engine == "hugo":
        write(site / "hugo.toml", HUGO_CONFIG)
        layouts = site / "layouts" / "_default"
        write(layouts / "baseof.html", BASEOF)
        write(layouts / "single.html", SINGLE)
        write(layouts / "list.html", LIST)
    else:
        write(site / "config.toml", ZOLA_CONFIG)
        write(site / "templates" / "page.html", ZOLA_PAGE)
        write(site / "templates" / "section.html", ZOLA_SECTION)
        write(site / "templates" / "index.html", ZOLA_SECTION)
        write(content / "_index.md", '+++\ntitle = "Plain pages"\n+++\n')
        for folder in sorted(folders):
            write(content / folder / "_index.md", f"+++\ntitle = {json.dumps(folder.name)}\n+++\n")
    print(pages)


if __name__ == "__main__":
    main()
