// Visits every page reachable from a start page by following same-origin
// links, as a reader clicking around would, and collects links that do not
// load and #fragments that point at nothing.

/** A page of the site (followed in the browser) rather than a file (fetched). */
function isPage(url, scope) {
  return url.startsWith(scope) && (url.endsWith("/") || url.endsWith(".html"));
}

/**
 * Crawls from `start` (and `extra` entries: { url, status }) with `page`.
 * Only URLs under `scope` are followed; other same-origin URLs and non-HTML
 * files are fetched and must load too. `onPage(page, url)` runs on each page
 * after it loaded. Resolves to { pages, files, broken }.
 */
export async function crawl(page, { start, scope, extra = [], onPage }) {
  const origin = new URL(start).origin;
  const queue = [{ url: start, from: "(start)", status: 200 }, ...extra.map((e) => ({ from: "(start)", ...e }))];
  const seen = new Set();
  const files = new Map();
  const ids = new Map();
  const fragments = [];
  const broken = [];

  while (queue.length) {
    const { url, from, status: wanted } = queue.shift();
    if (seen.has(url)) {
      continue;
    }
    seen.add(url);
    let response;
    try {
      response = await page.goto(url, { waitUntil: "load" });
    } catch (error) {
      broken.push(`${url} (linked from ${from}) did not load: ${error.message.split("\n")[0]}`);
      continue;
    }
    const status = response ? response.status() : 0;
    if (wanted ? status !== wanted : status >= 400 || status === 0) {
      broken.push(`${url} (linked from ${from}): HTTP ${status}${wanted ? `, expected ${wanted}` : ""}`);
    }
    const found = await page.evaluate(() => ({
      links: Array.from(document.querySelectorAll("a[href], area[href], link[href]"), (a) => a.href),
      ids: Array.from(document.querySelectorAll("[id], a[name]"), (e) => e.id || e.getAttribute("name")),
    }));
    ids.set(url, new Set(found.ids));
    if (onPage) {
      await onPage(page, url);
    }
    for (const href of found.links) {
      let target;
      try {
        target = new URL(href);
      } catch {
        broken.push(`${url}: a link that is not a URL: ${href}`);
        continue;
      }
      if (target.origin !== origin) {
        continue;
      }
      const hash = target.hash;
      target.hash = "";
      const clean = target.href;
      if (hash.length > 1) {
        fragments.push({ page: clean, id: decodeURIComponent(hash.slice(1)), from: url });
      }
      if (isPage(clean, scope)) {
        if (!seen.has(clean)) {
          queue.push({ url: clean, from: url });
        }
      } else if (!files.has(clean)) {
        files.set(clean, url);
      }
    }
  }

  for (const [url, from] of files) {
    const response = await page.request.get(url, { maxRedirects: 0 });
    if (response.status() >= 300) {
      broken.push(`${url} (linked from ${from}): HTTP ${response.status()}`);
    }
    await response.dispose();
  }
  for (const { page: target, id, from } of fragments) {
    const known = ids.get(target);
    if (known && !known.has(id)) {
      broken.push(`${target}#${id} (linked from ${from}): no element with id "${id}"`);
    }
  }
  return { pages: [...seen], files: [...files.keys()], broken };
}
