// How the pages look: no horizontal scrolling on a 375 px phone, the colour
// theme toggle, and screenshots (desktop and phone, light and dark) into
// e2e/screenshots/ for a person to look at.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sites } from "../lib/build.js";
import { context, DESKTOP, launch, PHONE, watch } from "../lib/browser.js";
import { PAGE_KINDS, statusOf } from "../lib/pages.js";
import { SCREENSHOTS } from "../lib/screenshots.js";
import { serve } from "../lib/server.js";

let browser;
let server;

before(async () => {
  server = await serve(sites().root, "/");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The document's overflow, and the elements that stick out to the right. */
function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [];
    if (root.scrollWidth > width) {
      for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 0.5 && box.width > 0) {
          const parent = el.parentElement && el.parentElement.getBoundingClientRect();
          if (!parent || parent.right <= width + 0.5) {
            const name =
              el.tagName.toLowerCase() +
              (el.id ? `#${el.id}` : "") +
              (el.classList.length ? `.${Array.from(el.classList).join(".")}` : "");
            culprits.push(`${name} (right edge at ${Math.round(box.right)} px)`);
          }
        }
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 8) };
  });
}

describe("phone layout (375 px)", () => {
  for (const [kind, rel] of PAGE_KINDS) {
    test(`${kind} page: no horizontal scrolling, with its disclosures closed and open`, async () => {
      const ctx = await context(browser, server.origin, PHONE);
      const page = await ctx.newPage();
      const watcher = watch(page);
      watcher.expect404(server.url + rel);
      const response = await page.goto(server.url + rel);
      assert.equal(response.status(), statusOf(kind));
      const closed = await overflow(page);
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      const open = await overflow(page);
      await ctx.close();
      for (const [state, o] of [
        ["closed", closed],
        ["open", open],
      ]) {
        assert.ok(
          o.scrollWidth <= o.clientWidth,
          `${kind} page (${rel || "/"}) with disclosures ${state} scrolls sideways: ` +
            `scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}; too wide: ${o.culprits.join(", ")}`
        );
      }
      assert.deepEqual(watcher.problems, [], watcher.problems.join("\n"));
    });
  }
});

describe("colour theme", () => {
  test("the toggle cycles auto → light → dark, is remembered, and changes the colours", async () => {
    const ctx = await context(browser, server.origin, { colorScheme: "light" });
    const page = await ctx.newPage();
    const watcher = watch(page);
    await page.goto(server.url);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const theme = () => page.evaluate(() => document.documentElement.getAttribute("data-theme"));
    const toggle = page.locator("#theme-toggle");
    await toggle.waitFor();
    assert.match(await toggle.innerText(), /auto/i);
    const light = await background();

    await toggle.click();
    assert.equal(await theme(), "light");
    await toggle.click();
    assert.equal(await theme(), "dark");
    assert.match(await toggle.innerText(), /dark/i);
    const dark = await background();
    assert.notEqual(dark, light, "the dark theme has the light background");

    await page.goto(server.url + "grading.html");
    assert.equal(await theme(), "dark", "the choice is not remembered on the next page");
    assert.equal(await background(), dark);

    await page.locator("#theme-toggle").click();
    assert.equal(await theme(), null, "after dark comes auto");
    await page.reload();
    assert.equal(await theme(), null);
    assert.equal(await background(), light);

    // In auto, the system's dark preference gives the dark colours.
    await page.emulateMedia({ colorScheme: "dark" });
    assert.equal(await background(), dark);
    await ctx.close();
    assert.deepEqual(watcher.problems, [], watcher.problems.join("\n"));
  });
});

describe("keyboard focus", () => {
  for (const colorScheme of ["light", "dark"]) {
    test(`the skip link comes first and every focused control shows it (${colorScheme})`, async () => {
      const ctx = await context(browser, server.origin, { colorScheme });
      const page = await ctx.newPage();
      await page.goto(server.url + "platform/2026-Q4/reliability.html");
      const stops = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press("Tab");
        stops.push(
          await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) {
              return null;
            }
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            const ring =
              (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
              (style.boxShadow && style.boxShadow !== "none");
            return {
              what: `${el.localName}${el.className ? "." + String(el.className).split(" ").join(".") : ""} "${(el.textContent || el.getAttribute("placeholder") || "").trim().slice(0, 40)}"`,
              ring,
              onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
              skip: el.classList.contains("skip"),
            };
          })
        );
      }
      await ctx.close();
      assert.ok(stops[0] && stops[0].skip, `the first Tab stop is ${stops[0] && stops[0].what}, not the skip link`);
      const unseen = stops.filter((s) => s && (!s.ring || !s.onScreen)).map((s) => `${s.what} (ring: ${s.ring}, on screen: ${s.onScreen})`);
      assert.deepEqual(unseen, [], `focus that cannot be seen:\n  ${unseen.join("\n  ")}`);
    });
  }
});

// Every kind of page, so that a person can look at each at both widths in
// both colour schemes.
const SHOTS = PAGE_KINDS;

describe("screenshots", () => {
  before(() => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const f of fs.readdirSync(SCREENSHOTS)) {
      if (f.endsWith(".png")) {
        fs.rmSync(path.join(SCREENSHOTS, f));
      }
    }
  });

  for (const [width, options] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ]) {
    for (const colorScheme of ["light", "dark"]) {
      test(`${width}, ${colorScheme}: every kind of page`, async () => {
        const ctx = await context(browser, server.origin, { ...options, colorScheme });
        const page = await ctx.newPage();
        const watcher = watch(page);
        for (const [name, rel] of SHOTS) {
          await page.goto(server.url + rel);
          await page.evaluate(() => document.fonts.ready);
          const file = path.join(SCREENSHOTS, `${name.replace(/ /g, "-")}-${width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
          assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
        }
        await ctx.close();
        // The 404 page is meant to answer 404: that one is no problem.
        const missing = SHOTS.filter(([kind]) => statusOf(kind) === 404).map(([, rel]) => server.url + rel);
        const problems = watcher.problems.filter((p) => !missing.some((url) => p.includes(`for ${url} `) || p.includes(`(${url})`)));
        assert.deepEqual(problems, [], problems.join("\n"));
      });
    }
  }

  after(() => console.log(`# screenshots: ${SCREENSHOTS}`));
});
