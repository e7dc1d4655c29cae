// The 404 page: a static host (GitHub Pages) serves it for any missing path,
// at any depth, and a reader may open the folder from disk. Either way it
// is styled, loads its scripts, and its links open pages of the site. At a
// domain root and under /okrs/, with and without JavaScript on a server.
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { sites, SUB_PATH } from "../lib/build.js";
import { context, launch, watch } from "../lib/browser.js";
import { serve } from "../lib/server.js";

let browser;
const servers = {};

before(async () => {
  const built = sites();
  servers.root = await serve(built.root, "/");
  servers.sub = await serve(built.sub, SUB_PATH);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** What the page shows: whether the theme's stylesheet applies, and its links. */
async function inspect(page) {
  return page.evaluate(() => ({
    // The theme's stylesheet sets the header's layout; unstyled, it is a block.
    styled: getComputedStyle(document.querySelector(".site-header .bar")).display === "flex",
    links: [...document.querySelectorAll("header a[href], .sidebar a[href], main a[href]")].map((a) => a.href),
    current: document.querySelectorAll("[aria-current]").length,
  }));
}

for (const build of ["root", "sub"]) {
  describe(`the 404 page of the ${build === "root" ? "domain-root" : "sub-path (/okrs/)"} build`, () => {
    for (const javaScript of [true, false]) {
      test(`is styled and its links work at any depth, ${javaScript ? "with" : "without"} JavaScript`, async () => {
        const server = servers[build];
        const ctx = await context(browser, server.origin, { javaScriptEnabled: javaScript });
        const page = await ctx.newPage();
        const watcher = watch(page);
        for (const missing of ["gone.html", "a/gone.html", "a/b/c/gone"]) {
          const url = server.url + missing;
          watcher.expect404(url);
          const response = await page.goto(url);
          assert.equal(response.status(), 404, url);
          const shown = await inspect(page);
          assert.ok(shown.styled, `${url}: the stylesheet applies`);
          assert.equal(shown.current, 0, `${url}: no section is the current one`);
          assert.ok(shown.links.length > 5, `${url}: ${shown.links}`);
          for (const link of shown.links) {
            assert.ok(link.startsWith(server.url), `${url} links to ${link}, outside the site`);
            const target = await ctx.request.get(link);
            assert.equal(target.status(), 200, `${url} links to ${link}`);
          }
        }
        if (javaScript) {
          // The skip link stays on the page, <base> notwithstanding.
          const url = server.url + "a/b/gone.html";
          watcher.expect404(url);
          await page.goto(url);
          await page.locator("a.skip").focus();
          await page.keyboard.press("Enter");
          assert.equal(page.url(), url + "#main");
        }
        await ctx.close();
        // Nothing is fetched from the page's own folder (no 404 for an asset).
        assert.deepEqual(watcher.problems, [], `problems in the browser:\n  ${watcher.problems.join("\n  ")}`);
        assert.deepEqual(ctx.offsite, [], "requests to other sites");
      });
    }
  });
}

test("opened from disk, the 404 page is styled and its links open files of the folder", async () => {
  const file = path.join(sites().sub, "404.html");
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(file).href);
  const shown = await inspect(page);
  assert.ok(shown.styled, "the stylesheet applies");
  const folder = pathToFileURL(sites().sub + path.sep).href;
  for (const link of shown.links) {
    assert.ok(link.startsWith(folder), `404.html links to ${link}, outside the folder`);
  }
  await ctx.close();
});
