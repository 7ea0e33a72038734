// Installs the pinned Kubernetes manifest validator for KubernetesManifestsTest (validate.mjs; Maven runs this before the tests, see pom.xml).
// Runs `npm ci` only when node_modules is missing or older than package-lock.json, so the build
// works offline after the first install.
import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : -1);
// npm writes node_modules/.package-lock.json on every install: it marks what is installed.
if (mtime(join(here, "node_modules", ".package-lock.json")) < mtime(join(here, "package-lock.json"))) {
  console.log("w7s kubernetes check: node_modules missing or older than package-lock.json: running npm ci");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
  if (r.error) throw new Error(`w7s kubernetes check: cannot run npm (is npm installed and on PATH?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`w7s kubernetes check: npm ci failed with exit code ${r.status}`);
}
