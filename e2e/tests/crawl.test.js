// Every page reachable from the home page loads, with no console error, no
// uncaught exception and no failed request, at a domain root and under the
// sub-path /okrs/; and every chart is drawn with its text alternative and its
// table of numbers.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { sites, SUB_PATH } from "../lib/build.js";
import { context, launch, PHONE, watch } from "../lib/browser.js";
import { crawl } from "../lib/crawl.js";
import { serve } from "../lib/server.js";

let browser;
const servers = {};
const chartPages = [];

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

function list(title, items) {
  return `${title}:\n  ${items.join("\n  ")}`;
}

for (const build of ["root", "sub"]) {
  describe(`the ${build === "root" ? "domain-root" : "sub-path (/okrs/)"} build`, () => {
    test("every page reachable from the home page loads cleanly", { timeout: 300_000 }, async () => {
      const server = servers[build];
      const ctx = await context(browser, server.origin);
      const page = await ctx.newPage();
      const watcher = watch(page);
      const missing = [server.url + "no-such-page.html", server.url + "deep/down/no-such-page.html"];
      missing.forEach((url) => watcher.expect404(url));
      const result = await crawl(page, {
        start: server.url,
        scope: server.url,
        extra: missing.map((url) => ({ url, status: 404 })),
        onPage: async (p, url) => {
          if (build === "root" && (await p.locator("svg.chart").count()) > 0) {
            chartPages.push(url);
          }
        },
      });
      await ctx.close();
      console.log(`# ${build}: ${result.pages.length} pages and ${result.files.length} other files checked`);
      // Every page the build wrote is reachable (404.html is what a missing page shows).
      const reached = new Set(result.pages.map((url) => decodeURIComponent(new URL(url).pathname)));
      const orphans = fs
        .readdirSync(sites()[build], { recursive: true })
        .map((f) => f.split("\\").join("/"))
        .filter((f) => f.endsWith(".html") && f !== "404.html")
        .filter((f) => !reached.has(new URL(server.url).pathname + f));
      assert.deepEqual(result.broken, [], list("links that do not load", result.broken));
      assert.deepEqual(watcher.problems, [], list("problems in the browser", watcher.problems));
      assert.deepEqual(ctx.offsite, [], list("requests to other sites", ctx.offsite));
      assert.deepEqual(orphans, [], list("pages no link leads to", orphans));
      assert.ok(result.pages.length > 50, `only ${result.pages.length} pages were reached from the home page`);
    });
  });
}

async function checkCharts(page) {
  const charts = await page.evaluate(() =>
    // Each figure holds a wide and a narrow drawing and shows the one that
    // fits its width: check the one shown (and that there is one).
    Array.from(document.querySelectorAll("figure.chart-figure"), (figure) => {
      const shown = Array.from(figure.querySelectorAll("svg.chart")).filter((s) => getComputedStyle(s).display !== "none");
      return shown.length === 1 ? shown[0] : figure;
    }).map((svg) => {
      svg.scrollIntoView({ block: "center" });
      const box = svg.getBoundingClientRect();
      const title = svg.querySelector(":scope > title");
      const desc = svg.querySelector(":scope > desc");
      const figure = svg.closest("figure");
      const table = figure ? figure.querySelector("table") : null;
      const labelledBy = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      return {
        visible: svg.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
        left: box.left,
        width: box.width,
        height: box.height,
        windowWidth: document.documentElement.clientWidth,
        title: title ? title.textContent.trim() : "",
        desc: desc ? desc.textContent.trim() : "",
        role: svg.getAttribute("role"),
        shown: svg.tagName.toLowerCase() === "svg",
        labels: labelledBy.map((id) => (document.getElementById(id) || {}).textContent || ""),
        rows: table ? table.querySelectorAll("tbody tr").length : -1,
        headers: table ? table.querySelectorAll("th").length : 0,
      };
    })
  );
  const problems = [];
  const notes = [];
  charts.forEach((c, i) => {
    const name = `chart ${i + 1} of ${page.url()}`;
    if (!c.shown) problems.push(`${name}: its figure shows not exactly one drawing`);
    if (!c.visible) problems.push(`${name} is not visible`);
    if (c.width < 1 || c.height < 1) problems.push(`${name} has no size (${c.width}×${c.height})`);
    if (c.left < 0 || c.left + c.width > c.windowWidth + 0.5) {
      problems.push(`${name} sticks out of the window (${Math.round(c.left)} + ${Math.round(c.width)} > ${c.windowWidth})`);
    }
    if (!c.title) problems.push(`${name} has no <title>`);
    if (!c.desc) problems.push(`${name} has no <desc>`);
    if (c.role !== "img") problems.push(`${name} has role=${c.role}, not img`);
    if (!c.labels.length || c.labels.some((l) => !l.trim())) {
      problems.push(`${name}: aria-labelledby does not point at its <title> and <desc>`);
    }
    if (c.rows < 0) problems.push(`${name} has no data table in its figure`);
    else if (c.headers === 0) problems.push(`${name}: its data table has no header cells`);
    else if (c.rows === 0) notes.push(`${name}: its data table is empty (desc: "${c.desc}")`);
  });
  return { count: charts.length, problems, notes };
}

describe("charts", () => {
  for (const [width, options] of [
    ["desktop", {}],
    ["phone", PHONE],
  ]) {
    test(`every chart is visible with a size, a <title>, a <desc> and a data table (${width})`, { timeout: 300_000 }, async () => {
      assert.ok(chartPages.length > 0, "the crawl found no page with a chart");
      const ctx = await context(browser, servers.root.origin, options);
      const page = await ctx.newPage();
      const watcher = watch(page);
      let total = 0;
      const problems = [];
      const notes = [];
      for (const url of chartPages) {
        await page.goto(url);
        const result = await checkCharts(page);
        total += result.count;
        problems.push(...result.problems);
        notes.push(...result.notes);
      }
      await ctx.close();
      console.log(`# ${width}: ${total} charts on ${chartPages.length} pages`);
      notes.forEach((n) => console.log(`# note: ${n}`));
      assert.deepEqual(problems, [], list("charts", problems));
      assert.deepEqual(watcher.problems, [], list("problems in the browser", watcher.problems));
    });
  }
});
