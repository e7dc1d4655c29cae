// Charts and the status model as a reader sees them: chart text is never
// smaller than 11 px, on a phone or a laptop; charts follow the dark theme;
// and no colour contradicts the status written beside it on the home,
// period and objective pages.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sites } from "../lib/build.js";
import { context, launch, watch } from "../lib/browser.js";
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

const PAGES = [
  ["home", ""],
  ["period", "periods/2026-Q4.html"],
  ["objective", "platform/2026-Q4/reliability.html"],
];

const PHONE_390 = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const WIDTHS = [
  ["phone (390 px)", PHONE_390],
  ["laptop (1280 px)", { viewport: { width: 1280, height: 900 } }],
];

/**
 * The rendered size of every chart text the reader can see: its font size
 * in the SVG's units times the scale the SVG is drawn at (its width on the
 * page over its viewBox's width).
 */
function chartTextSizes(page) {
  return page.evaluate(() => {
    const sizes = [];
    for (const svg of document.querySelectorAll("svg.chart")) {
      const box = svg.getBoundingClientRect();
      if (getComputedStyle(svg).display === "none" || box.width === 0) continue;
      const scale = box.width / svg.viewBox.baseVal.width;
      for (const text of svg.querySelectorAll("text")) {
        if (!text.textContent.trim()) continue;
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        sizes.push({ px, text: text.textContent.trim(), chart: svg.getAttribute("aria-labelledby") });
      }
    }
    return sizes;
  });
}

for (const [width, options] of WIDTHS) {
  describe(`chart text at ${width}`, () => {
    for (const [kind, rel] of PAGES) {
      test(`${kind} page: no chart text renders below 11 px`, async () => {
        const ctx = await context(browser, server.origin, options);
        const page = await ctx.newPage();
        const watcher = watch(page);
        await page.goto(server.url + rel);
        const sizes = await chartTextSizes(page);
        await ctx.close();
        assert.ok(sizes.length > 0, `${kind} page shows no chart text at ${width}`);
        const smallest = sizes.reduce((a, b) => (b.px < a.px ? b : a));
        console.log(`# ${kind} at ${width}: smallest chart text ${smallest.px.toFixed(1)} px ("${smallest.text}")`);
        assert.ok(
          smallest.px >= 11,
          `${kind} page at ${width}: "${smallest.text}" in ${smallest.chart} renders at ${smallest.px.toFixed(1)} px`
        );
        assert.deepEqual(watcher.problems, [], watcher.problems.join("\n"));
      });
    }
  });
}

test("charts follow the dark theme: no white card, light ink", async () => {
  const ctx = await context(browser, server.origin, { ...PHONE_390, colorScheme: "dark" });
  const page = await ctx.newPage();
  await page.goto(server.url + "platform/2026-Q4/reliability.html");
  const look = await page.evaluate(() => {
    const figure = document.querySelector(".chart-figure");
    const svg = [...document.querySelectorAll("svg.chart")].find((s) => getComputedStyle(s).display !== "none");
    const ink = svg.querySelector(".legend text");
    return {
      figure: getComputedStyle(figure).backgroundColor,
      page: getComputedStyle(document.body).backgroundColor,
      ink: getComputedStyle(ink).fill,
    };
  });
  await ctx.close();
  assert.equal(look.figure, look.page, "the chart's card takes the page's dark background");
  const [r, g, b] = look.ink.match(/\d+/g).map(Number);
  assert.ok(r + g + b > 500, `legend text is light on dark, not ${look.ink}`);
});

/** What a status badge's words say the colour must be, while a period runs. */
const TONE_OF_WORDS = { "on track": "good", "at risk": "warn", "off track": "bad" };

/**
 * Every place the status model shows: each status badge with the score
 * pills and bars of the same objective (its card, cascade node or the
 * objective page's facts), and the team averages with the overview chart.
 */
function statusSightings(page) {
  return page.evaluate(() => {
    const colour = (el, prop) => getComputedStyle(el)[prop];
    const badges = [];
    for (const badge of document.querySelectorAll(".status[data-status]")) {
      const scope = badge.closest(".card, .node, [data-status-scope]");
      if (!scope) continue;
      const pills = [...scope.querySelectorAll(".score[data-tone]")].filter(
        (p) => p.closest(".card, .node, [data-status-scope]") === scope
      );
      const bars = [...scope.querySelectorAll(".bar-fill[data-tone]")];
      badges.push({
        words: badge.textContent.trim().toLowerCase(),
        status: badge.dataset.status,
        tone: badge.dataset.tone,
        colour: colour(badge, "color"),
        where: scope.querySelector("a")?.textContent.trim() || scope.textContent.trim().slice(0, 60),
        pills: pills.map((p) => ({ tone: p.dataset.tone, colour: colour(p, "color"), border: colour(p, "borderTopColor") })),
        bars: bars.map((b) => ({ tone: b.dataset.tone, colour: colour(b, "backgroundColor") })),
      });
    }
    const teams = [];
    for (const h2 of document.querySelectorAll("h2")) {
      const pill = h2.querySelector(".score[data-tone]");
      const name = h2.querySelector("a")?.textContent.trim();
      if (pill && name) teams.push({ name, tone: pill.dataset.tone, text: pill.textContent });
    }
    const overview = document.querySelector("#overview-chart-desc")?.textContent || "";
    const objectiveChart = [...document.querySelectorAll("svg.chart")]
      .filter((s) => getComputedStyle(s).display !== "none" && s.id !== "x")
      .map((s) => [...s.querySelectorAll(".legend text")].map((t) => t.textContent))
      .flat()
      .filter((t) => t.startsWith("today "));
    const tonesShown = {};
    for (const p of document.querySelectorAll(".score[data-tone]")) tonesShown[p.dataset.tone] = colour(p, "color");
    return { badges, teams, overview, objectiveChart, tonesShown };
  });
}

describe("one status model: no colour contradicts the status text", () => {
  for (const [kind, rel] of PAGES) {
    test(`${kind} page`, async () => {
      const ctx = await context(browser, server.origin, PHONE_390);
      const page = await ctx.newPage();
      await page.goto(server.url + rel);
      const seen = await statusSightings(page);
      await ctx.close();
      assert.ok(seen.badges.length > 0, `${kind} page shows no status badge`);
      for (const badge of seen.badges) {
        const running = TONE_OF_WORDS[badge.words];
        if (running) {
          assert.equal(badge.tone, running, `${badge.where}: a badge saying "${badge.words}" is coloured ${badge.tone}`);
        }
        if (badge.status === "no-data" || badge.status === "not-started") {
          assert.equal(badge.tone, "neutral", `${badge.where}: "${badge.words}" is neutral`);
        }
        assert.ok(badge.pills.length > 0, `${badge.where}: a status without its score pill`);
        for (const pill of badge.pills) {
          if (badge.status === "no-data" || pill.tone === "neutral") continue;
          assert.equal(pill.tone, badge.tone, `${badge.where}: the pill says ${pill.tone}, the badge "${badge.words}"`);
          assert.equal(pill.colour, badge.colour, `${badge.where}: pill and badge differ in colour`);
        }
        for (const bar of badge.bars) {
          assert.equal(bar.tone, badge.tone, `${badge.where}: the bar says ${bar.tone}, the badge "${badge.words}"`);
          assert.equal(bar.colour, badge.pills[0].border, `${badge.where}: bar and pill differ in colour`);
        }
      }
      if (seen.overview) {
        let compared = 0;
        for (const team of seen.teams) {
          const said = seen.overview.match(new RegExp(`${team.name} [0-9.]+ \\((on track|at risk|off track)\\)`));
          if (!said) continue;
          compared += 1;
          assert.equal(TONE_OF_WORDS[said[1]], team.tone, `${team.name}: the chart says "${said[1]}", the pill ${team.tone}`);
        }
        assert.ok(compared > 0, `${kind} page: no team average to compare with the chart`);
      }
      if (kind === "objective") {
        const badge = seen.badges.find((b) => b.where && b.pills.length);
        assert.equal(seen.objectiveChart.length, 1, `one "today" mark in the score chart: ${seen.objectiveChart}`);
        assert.ok(
          seen.objectiveChart[0].endsWith(`: ${badge.words}`),
          `the chart says "${seen.objectiveChart[0]}", the badge "${badge.words}"`
        );
      }
      if (seen.tonesShown.warn && seen.tonesShown.bad) {
        assert.notEqual(seen.tonesShown.warn, seen.tonesShown.bad, "at risk and off track look alike");
      }
    });
  }
});
