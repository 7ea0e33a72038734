// Bundles the isolate runtime with esbuild into the Maven class path:
//   src/main.js          -> <out>/main.js          one classic script (iife), defines no globals itself
//   src/web/lazy/<n>.js  -> <out>/lazy/<n>.js      classic script whose completion value is its exports
//   test/main-with-internals.js -> <testOut>/main-with-internals.js   (only when testOut is given)
//   the esbuild executable       -> <out>/../esbuild/esbuild, its version in <out>/../esbuild/version
//                                   (the host bundles large npm packages at deploy time with it:
//                                   io.w7s.host.module.PackageBundler)
// Usage: node build.mjs [outDir [testOutDir]]   (default ../target/classes/w7s/runtime)
// Runs `npm ci` first when node_modules is missing or older than package-lock.json.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync, existsSync, copyFileSync, chmodSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}
// npm writes node_modules/.package-lock.json on every install: it marks what is installed.
if (mtime(join(here, "node_modules", ".package-lock.json")) < mtime(join(here, "package-lock.json"))) {
  console.log("w7s runtime: node_modules missing or older than package-lock.json: running npm ci");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
  if (r.error) throw new Error(`w7s runtime: cannot run npm (is npm installed and on PATH?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`w7s runtime: npm ci failed with exit code ${r.status}`);
}
const esbuild = await import("esbuild");
const out = resolve(process.argv[2] ?? join(here, "..", "target", "classes", "w7s", "runtime"));
const common = {
  bundle: true,
  write: false,
  format: "iife",
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
  charset: "utf8",
  legalComments: "none",
  logLevel: "warning",
};

async function bundle(entry, options) {
  const result = await esbuild.build({ ...common, entryPoints: [entry], ...options });
  return result.outputFiles[0].text;
}

mkdirSync(join(out, "lazy"), { recursive: true });

// The bootstrap: readable (not minified) so stack traces into the runtime make sense.
writeFileSync(join(out, "main.js"), await bundle(join(here, "src", "main.js"), {}));

// Lazy bundles: an iife with a global name, then the `var <name> =` is cut off so that the script
// is one expression statement; its completion value is the exports object and no global is defined.
const GLOBAL = "__w7s_lazy_exports";
// Per-bundle esbuild options. urlpattern: the polyfill's free `URL` → the runtime's URL class.
const LAZY_OPTIONS = {
  "urlpattern.js": { inject: [join(here, "src", "web", "url", "inject-url.js")] },
};
const lazyDir = join(here, "src", "web", "lazy");
for (const file of readdirSync(lazyDir).filter((f) => f.endsWith(".js")).sort()) {
  let code = await bundle(join(lazyDir, file), { globalName: GLOBAL, minify: true, ...LAZY_OPTIONS[file] });
  const prefix = `var ${GLOBAL}=`;
  const at = code.indexOf(prefix);
  if (at < 0) throw new Error(`lazy/${file}: esbuild output does not start with '${prefix}'`);
  code = code.slice(0, at) + code.slice(at + prefix.length);
  if (code.includes(GLOBAL)) throw new Error(`lazy/${file}: global name still referenced`);
  writeFileSync(join(out, "lazy", file), code);
}
// The native executable of the pinned esbuild, beside the runtime on the class path: the platform
// package's binary (esbuild's own bin/esbuild is a Node.js script until npm's install step replaces it).
const esbuildOut = join(out, "..", "esbuild");
mkdirSync(esbuildOut, { recursive: true });
const platformBinary = join(here, "node_modules", "@esbuild", `${process.platform}-${process.arch}`, "bin", "esbuild");
copyFileSync(existsSync(platformBinary) ? platformBinary : join(here, "node_modules", "esbuild", "bin", "esbuild"), join(esbuildOut, "esbuild"));
chmodSync(join(esbuildOut, "esbuild"), 0o755);
// Its version, so the host need not run it to learn it (part of the cache key of what it makes).
const esbuildPackage = JSON.parse(readFileSync(join(here, "node_modules", "esbuild", "package.json"), "utf8"));
writeFileSync(join(esbuildOut, "version"), esbuildPackage.version + "\n");

const testOut = process.argv[3];
if (testOut) {
  mkdirSync(testOut, { recursive: true });
  writeFileSync(join(testOut, "main-with-internals.js"), await bundle(join(here, "test", "main-with-internals.js"), {}));
}
console.log(`w7s runtime bundled into ${out}`);
