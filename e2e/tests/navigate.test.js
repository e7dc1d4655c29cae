// What a reader does with a mouse and a keyboard: follows the cascade from a
// company objective down to one person's goal and back up, and finds a key
// result with the search box. At a domain root and under /okrs/.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sites, SUB_PATH } from "../lib/build.js";
import { context, launch, watch } from "../lib/browser.js";
import { serve } from "../lib/server.js";

// The demo's cascade in 2026-Q4: company → team → individual.
const COMPANY = "company/2026-Q4/peak-season.html";
const TEAM = "payments/2026-Q4/peak-invoicing.html";
const PERSON = "people/mei-lin-chen/2026-Q4/reconciliation.html";

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

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Clicks `link`, waits for `base + path` and returns the new page's <h1>. */
async function follow(page, link, base, path) {
  assert.equal(await link.count(), 1, `expected one link to ${path} on ${page.url()}`);
  const text = (await link.innerText()).trim();
  await link.click();
  await page.waitForURL(new RegExp(`^${escapeRegExp(base + path)}(#.*)?$`));
  const h1 = (await page.locator("main h1").innerText()).trim();
  assert.equal(h1, text, `the link said "${text}" but the page it opened is "${h1}"`);
  return h1;
}

async function open(build, options = {}) {
  const server = servers[build];
  const ctx = await context(browser, server.origin, options);
  const page = await ctx.newPage();
  const watcher = watch(page);
  return { server, ctx, page, watcher };
}

async function done({ ctx, watcher }) {
  await ctx.close();
  assert.deepEqual(watcher.problems, [], `problems in the browser:\n  ${watcher.problems.join("\n  ")}`);
  assert.deepEqual(ctx.offsite, [], "requests to other sites");
}

for (const build of ["root", "sub"]) {
  describe(`the ${build === "root" ? "domain-root" : "sub-path (/okrs/)"} build`, () => {
    test("the cascade: company objective → team objective → individual goal, and back up", async () => {
      const s = await open(build);
      const { page, server } = s;
      const base = server.url;
      await page.goto(base);

      // Down, from the home page.
      await follow(page, page.locator(`main a.card-title[href$="${COMPANY}"]`), base, COMPANY);
      assert.equal(await page.locator(".cascade-links").getByText("This is a top-level objective.").count(), 1);
      await follow(page, page.locator(`.cascade-links a.card-title[href$="${TEAM}"]`), base, TEAM);
      await follow(page, page.locator(`.cascade-links a.card-title[href$="${PERSON}"]`), base, PERSON);

      // The individual goal lists what it supports, nearest last, and names its owner.
      const ancestors = await page.locator(".cascade-links ol.ancestors a").evaluateAll((links) =>
        links.map((a) => a.getAttribute("href"))
      );
      assert.equal(ancestors.length, 2, `ancestors: ${ancestors}`);
      assert.ok(ancestors[0].endsWith(COMPANY) && ancestors[1].endsWith(TEAM), `ancestors: ${ancestors}`);
      assert.match(await page.locator(".objective-header .facts").innerText(), /Individual goal/);

      // Back up, one level at a time.
      await follow(page, page.locator(`.cascade-links ol.ancestors a[href$="${TEAM}"]`), base, TEAM);
      await follow(page, page.locator(`.cascade-links ol.ancestors a[href$="${COMPANY}"]`), base, COMPANY);

      // The same chain in the period's cascade tree, and a click from it.
      await page.locator(`.cascade-links a[href$="cascade/2026-Q4.html"]`).click();
      await page.waitForURL(base + "cascade/2026-Q4.html");
      const nested = await page.evaluate(
        ([company, team, person]) => {
          const node = (root, path) =>
            Array.from(root.querySelectorAll(":scope > li")).find((li) =>
              li.querySelector(`:scope > .node a.card-title[href$="${path}"]`)
            );
          for (const tree of document.querySelectorAll("main ul")) {
            const top = node(tree, company);
            const middle = top && top.querySelector(":scope > ul") && node(top.querySelector(":scope > ul"), team);
            const bottom = middle && middle.querySelector(":scope > ul") && node(middle.querySelector(":scope > ul"), person);
            if (bottom) {
              return true;
            }
          }
          return false;
        },
        [COMPANY, TEAM, PERSON]
      );
      assert.ok(nested, "the cascade page does not nest the individual goal under the team objective under the company one");
      await follow(page, page.locator(`main a.card-title[href$="${PERSON}"]`), base, PERSON);
      await done(s);
    });

    test("search: `/`, a word from a key result's title, ArrowDown and Enter open its objective", async () => {
      const s = await open(build);
      const { page, server } = s;
      const base = server.url;
      await page.goto(base + "teams.html");
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "search-input");
      await page.keyboard.type("battery");
      const options = page.locator("#search-results [role=option]");
      await options.first().waitFor();
      const first = await options.first().textContent();
      assert.equal(await options.first().locator(".search-kind").textContent(), "Key result");
      assert.match(first, /Battery used by the app over a 10-hour shift/);
      assert.match(first, /2026-Q4/);
      assert.equal(await page.locator("#search-input").getAttribute("aria-expanded"), "true");

      await page.keyboard.press("ArrowDown");
      assert.equal(await options.first().getAttribute("aria-selected"), "true");
      assert.equal(
        await page.locator("#search-input").getAttribute("aria-activedescendant"),
        await options.first().getAttribute("id")
      );
      await page.keyboard.press("Enter");
      await page.waitForURL(base + "mobile/2026-Q4/offline-tracking.html#kr-battery");
      assert.match(await page.locator("main h1").innerText(), /Shippers see where their freight is/);
      const target = page.locator("#kr-battery");
      await target.waitFor();
      assert.match(await target.locator("h3").innerText(), /Battery used by the app/);
      assert.ok(await target.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top < window.innerHeight && box.bottom > 0;
      }), "the key result is not scrolled into view");
      await done(s);
    });

    test("key results: the authors' order, or by priority", async () => {
      const s = await open(build);
      const { page, server } = s;
      await page.goto(server.url + "mobile/2026-Q4/offline-tracking.html");
      const ids = () => page.locator(".kr-list > section.kr").evaluateAll((els) => els.map((el) => el.id));
      // Written P0, P2, P1: the page keeps that order until asked for another.
      const written = ["kr-ping-delivery", "kr-battery", "kr-android-default"];
      assert.deepEqual(await ids(), written);
      const byPriority = page.locator(".kr-sort button[data-sort=priority]");
      await byPriority.click();
      assert.equal(await byPriority.getAttribute("aria-pressed"), "true");
      assert.deepEqual(await ids(), ["kr-ping-delivery", "kr-android-default", "kr-battery"]);
      await page.locator(".kr-sort button[data-sort=written]").click();
      assert.deepEqual(await ids(), written);
      await done(s);
    });

    test("search: `s`, another word, and a click on the hit", async () => {
      const s = await open(build);
      const { page, server } = s;
      const base = server.url;
      await page.goto(base + "grading.html");
      await page.keyboard.press("s");
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "search-input");
      await page.keyboard.type("reconciliation");
      const hit = page
        .locator("#search-results [role=option]")
        .filter({ hasText: "Teammates who have run the daily reconciliation on their own" });
      await hit.waitFor();
      assert.equal(await hit.locator(".search-kind").textContent(), "Key result");
      await hit.click();
      await page.waitForURL(base + PERSON + "#kr-kr1");
      assert.match(await page.locator("main h1").innerText(), /Make the daily reconciliation something anyone/);

      // Nothing found says so; Escape closes the list.
      await page.keyboard.press("/");
      await page.keyboard.type("zzzqqq");
      await page.locator(".search-message").getByText(/No results/).waitFor();
      await page.keyboard.press("Escape");
      assert.ok(await page.locator(".search-panel").isHidden());
      await done(s);
    });
  });
}
