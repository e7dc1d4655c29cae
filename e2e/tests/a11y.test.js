// axe-core on one page of each kind, in light and dark colours: no serious or
// critical violation. Lesser ones are printed, not failed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sites } from "../lib/build.js";
import { axe, context, describeViolation, launch } from "../lib/browser.js";
import { PAGE_KINDS, statusOf } from "../lib/pages.js";
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

for (const colorScheme of ["light", "dark"]) {
  describe(`accessibility (axe-core), ${colorScheme} colours`, () => {
    for (const [kind, path] of PAGE_KINDS) {
      test(`${kind} page: no serious or critical violation`, async () => {
        const ctx = await context(browser, server.origin, { colorScheme });
        const page = await ctx.newPage();
        const response = await page.goto(server.url + path);
        assert.equal(response.status(), statusOf(kind));
        // Open the disclosures (check-ins, chart tables) so that their content is checked too.
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        const violations = await axe(page);
        await ctx.close();
        const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        for (const v of violations.filter((v) => !serious.includes(v))) {
          console.log(`# ${kind} (${colorScheme}): ${describeViolation(v)}`);
        }
        assert.deepEqual(
          serious.map(describeViolation),
          [],
          `serious or critical violations on ${path || "the home page"}:\n  ${serious.map(describeViolation).join("\n  ")}`
        );
      });
    }
  });
}
