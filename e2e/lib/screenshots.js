// Where the screenshots go: e2e/screenshots/ (git-ignored; CI keeps it).
import path from "node:path";
import { E2E_DIR } from "./build.js";

export const SCREENSHOTS = process.env.E2E_SCREENSHOTS || path.join(E2E_DIR, "screenshots");
