// Builds the handbooks the browser tests read, into a fresh temporary folder:
// the demo at a domain root, the demo under the sub-path /okrs/, the hostile
// fixture, and the hostile fixture with raw HTML allowed (a control for the
// XSS test). okrbook is built once with `cargo build --release` (or taken
// from $OKRBOOK_BIN) and run for each: `okrbook build DIR --as-of ... --dest-dir ...`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = path.resolve(E2E_DIR, "..");
export const AS_OF = "2026-11-21";
export const SUB_PATH = "/okrs/";

function hostileSource() {
  const shared = path.join(REPO, "tests", "fixtures", "hostile");
  if (fs.existsSync(path.join(shared, "book.toml"))) {
    return shared;
  }
  return path.join(E2E_DIR, "fixtures", "hostile");
}

let binary = null;

/**
 * The okrbook binary: $OKRBOOK_BIN, or the one `cargo build --release`
 * (what `cargo run --release` runs) writes, built once for all the sites.
 */
function okrbookBinary(log) {
  if (binary) {
    return binary;
  }
  if (process.env.OKRBOOK_BIN) {
    binary = process.env.OKRBOOK_BIN;
    return binary;
  }
  const started = Date.now();
  const result = spawnSync(
    "cargo",
    ["build", "--release", "--bin", "okrbook", "--message-format=json-render-diagnostics", "--manifest-path", path.join(REPO, "Cargo.toml")],
    { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 }
  );
  if (result.error) {
    throw new Error(`could not run cargo: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`cargo build --release failed with status ${result.status}`);
  }
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line);
    if (message.reason === "compiler-artifact" && message.target?.name === "okrbook" && message.executable) {
      binary = message.executable;
    }
  }
  if (!binary) {
    throw new Error("cargo build --release did not say where the okrbook binary is");
  }
  log(`cargo build --release: ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return binary;
}

function okrbook(args, log) {
  const bin = okrbookBinary(log);
  const started = Date.now();
  const result = spawnSync(bin, args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) {
    throw new Error(`could not run ${bin}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`okrbook ${args.join(" ")} failed with status ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return Date.now() - started;
}

/**
 * Copies a handbook (book.toml, content/, themes/, data/) from `from` into `into`,
 * with `edit(toml)` applied to its book.toml.
 */
function copyHandbook(from, into, edit) {
  fs.mkdirSync(into, { recursive: true });
  const toml = fs.readFileSync(path.join(from, "book.toml"), "utf8");
  fs.writeFileSync(path.join(into, "book.toml"), edit(toml));
  for (const folder of ["content", "themes", "data"]) {
    if (fs.existsSync(path.join(from, folder))) {
      fs.cpSync(path.join(from, folder), path.join(into, folder), { recursive: true });
    }
  }
  return into;
}

/** The demo handbook with site-url = "/okrs/". */
function subPathSource(into) {
  return copyHandbook(REPO, into, (toml) => {
    const changed = toml.replace(/^site-url\s*=.*$/m, `site-url = "${SUB_PATH}"`);
    if (changed === toml) {
      throw new Error("book.toml has no site-url line to change");
    }
    return changed;
  });
}

/**
 * The hostile handbook with raw HTML let through (allow-raw-html = true): the
 * control that shows the XSS test would see a script that runs.
 */
function rawHtmlSource(into) {
  return copyHandbook(hostileSource(), into, (toml) => {
    const changed = toml.replace(/^\[output\.html\]\s*$/m, "[output.html]\nallow-raw-html = true");
    return changed === toml ? `${toml}\n[output.html]\nallow-raw-html = true\n` : changed;
  });
}

const SITES = {
  root: "the demo handbook at a domain root",
  sub: `the demo handbook under ${SUB_PATH}`,
  hostile: "the hostile handbook",
  raw: "the hostile handbook with allow-raw-html = true",
};

function folders(dir) {
  return Object.fromEntries(Object.keys(SITES).map((name) => [name, path.join(dir, name)]));
}

/**
 * Builds the sites into `dir` (created when missing) and returns their
 * folders: { root, sub, hostile, raw }.
 */
export function buildSites(dir, log = () => {}) {
  fs.mkdirSync(dir, { recursive: true });
  const sites = folders(dir);
  const sources = {
    root: REPO,
    sub: subPathSource(path.join(dir, "src", "sub")),
    hostile: hostileSource(),
    raw: rawHtmlSource(path.join(dir, "src", "raw")),
  };
  for (const [name, what] of Object.entries(SITES)) {
    const ms = okrbook(["build", sources[name], "--as-of", AS_OF, "--dest-dir", sites[name]], log);
    log(`built ${what} into ${sites[name]} (${ms} ms)`);
  }
  return sites;
}

let memo = null;

/**
 * The built sites: the folder in $E2E_SITES_DIR when run.js built them, or a
 * build of this process's own (when a test file is run alone).
 */
export function sites() {
  if (memo) {
    return memo;
  }
  const given = process.env.E2E_SITES_DIR;
  if (given) {
    memo = folders(given);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okrbook-e2e-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    memo = buildSites(dir, (line) => console.log(`# ${line}`));
  }
  return memo;
}
