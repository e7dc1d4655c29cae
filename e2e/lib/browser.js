// Debian's Chromium driven by playwright-core, and a watcher that collects
// what a reader would never want to see: console errors, uncaught exceptions,
// failed requests and responses with an error status.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

/**
 * A browser context that only talks to `origin`: a request anywhere else is
 * refused and recorded (a handbook loads nothing from other sites).
 */
export async function context(browser, origin, options = {}) {
  const ctx = await browser.newContext({ ...DESKTOP, ...options });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(30_000);
  ctx.offsite = [];
  await ctx.route(
    (url) => url.protocol.startsWith("http") && url.origin !== origin,
    (route) => {
      ctx.offsite.push(route.request().url());
      return route.abort("blockedbyclient");
    }
  );
  return ctx;
}

/**
 * Records problems on `page` into an array. `expect404(url)` marks one URL
 * whose 404 is the point (a visit to a missing page).
 */
export function watch(page) {
  const problems = [];
  const expected = new Set();
  const where = () => page.url();
  page.on("console", (msg) => {
    if (msg.type() !== "error") {
      return;
    }
    const at = msg.location()?.url || "";
    if (expected.has(at) && /status of 404/.test(msg.text())) {
      return;
    }
    problems.push(`console error on ${where()}: ${msg.text()}${at ? ` (${at})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception on ${where()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText || "failed";
    // A navigation that replaces the page cancels what it was still loading.
    if (failure === "net::ERR_ABORTED" && request.resourceType() !== "document") {
      return;
    }
    problems.push(`request failed on ${where()}: ${request.url()} (${failure})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !expected.has(response.url())) {
      problems.push(`HTTP ${response.status()} for ${response.url()} (on ${where()})`);
    }
  });
  return {
    problems,
    expect404(url) {
      expected.add(url);
    },
  };
}

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve("axe-core/axe.min.js");

/** Runs axe-core on the page; resolves to its violations. */
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] })
  );
  return result.violations;
}

/** "rule (impact): help — 2 nodes: selector, selector" */
export function describeViolation(v) {
  const targets = v.nodes
    .slice(0, 4)
    .map((n) => n.target.join(" "))
    .join(" | ");
  const more = v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : "";
  return `${v.id} (${v.impact}): ${v.help}: ${v.nodes.length} node(s): ${targets}${more}`;
}
