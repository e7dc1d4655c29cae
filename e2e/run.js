// Runs the browser tests: builds the sites once, then runs every
// tests/*.test.js with Node's test runner, one file at a time, and ends with
// one line CI can read:
//   e2e: PASS: 20 tests, 20 passed, 0 failed, 0 skipped; screenshots in <folder>
// The exit status is the test runner's: 0 when every test passed.
//
//   node run.js                 all the tests
//   node run.js navigate xss    only tests/navigate.test.js and tests/xss.test.js
//
// Environment: OKRBOOK_BIN (an okrbook binary to use instead of
// `cargo run --release`), CHROMIUM_PATH (default /usr/bin/chromium),
// E2E_KEEP=1 (keep the built sites).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSites, E2E_DIR } from "./lib/build.js";
import { CHROMIUM } from "./lib/browser.js";
import { SCREENSHOTS } from "./lib/screenshots.js";

function finish(status, line) {
  console.log(line);
  process.exit(status);
}

if (!fs.existsSync(CHROMIUM)) {
  finish(2, `e2e: FAIL: no Chromium at ${CHROMIUM} (install Debian's chromium package, or set CHROMIUM_PATH)`);
}

const testsDir = path.join(E2E_DIR, "tests");
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(testsDir)
  .filter((f) => f.endsWith(".test.js"))
  .filter((f) => !wanted.length || wanted.some((w) => f === w || f === `${w}.test.js`))
  .sort()
  .map((f) => path.join(testsDir, f));
if (!files.length) {
  finish(2, `e2e: FAIL: no test file matches ${wanted.join(" ")}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "okrbook-e2e-"));
const cleanUp = () => {
  if (!process.env.E2E_KEEP) {
    fs.rmSync(work, { recursive: true, force: true });
  }
};
try {
  buildSites(path.join(work, "sites"), (line) => console.log(`e2e: ${line}`));
} catch (error) {
  cleanUp();
  finish(1, `${error.message}\ne2e: FAIL: the sites could not be built`);
}

const tap = path.join(work, "results.tap");
const run = spawnSync(
  process.execPath,
  [
    "--test",
    "--test-concurrency=1",
    "--test-timeout=600000",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  {
    cwd: E2E_DIR,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, E2E_SITES_DIR: path.join(work, "sites") },
  }
);

const counts = {};
if (fs.existsSync(tap)) {
  for (const match of fs.readFileSync(tap, "utf8").matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    counts[match[1]] = Number(match[2]);
  }
}
if (process.env.E2E_KEEP) {
  console.log(`e2e: the built sites are kept in ${path.join(work, "sites")}`);
}
cleanUp();

const status = run.status ?? 1;
const verdict = status === 0 ? "PASS" : "FAIL";
const shots = fs.existsSync(SCREENSHOTS) ? fs.readdirSync(SCREENSHOTS).filter((f) => f.endsWith(".png")).length : 0;
finish(
  status === 0 ? 0 : status || 1,
  `e2e: ${verdict}: ${counts.tests ?? "?"} tests, ${counts.pass ?? "?"} passed, ` +
    `${(counts.fail ?? 0) + (counts.cancelled ?? 0)} failed, ${counts.skipped ?? 0} skipped; ` +
    `${shots} screenshots in ${SCREENSHOTS}`
);
