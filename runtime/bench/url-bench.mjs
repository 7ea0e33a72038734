// URL micro-benchmark: the runtime's URL / URLSearchParams / Request at a baseline git revision
// ("before") and in the working tree ("after"), in the same process, each in its own vm context.
//   node runtime/bench/url-bench.mjs [baselineRev=62bfe8e] [--write DIR]
// --write DIR also writes DIR/url-bench.js: the same benchmark as one self-contained classic
// script for GraalJS (UrlBenchTest: mvn test -Dtest=UrlBenchTest -Dw7s.urlBench=DIR/url-bench.js).
import { execSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const runtime = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const writeAt = args.indexOf("--write");
const writeDir = writeAt >= 0 ? args.splice(writeAt, 2)[1] : null;
const baseline = args[0] ?? "62bfe8e";
const esbuild = await import(join(runtime, "node_modules", "esbuild", "lib", "main.js"));

const before = mkdtempSync(join(tmpdir(), "w7s-url-bench-"));
execSync(`git -C "${runtime}" archive ${baseline} src | tar -x -C "${before}"`);

// One variant: installWeb on a fresh object (not the global), lazy bundles imported directly.
async function variant(srcRoot, name) {
  const r = await esbuild.build({
    stdin: {
      contents: `import { installWeb } from "./src/web/index.js";
        import * as url from "./src/web/lazy/url.js";
        const g = {}; installWeb(g, { loadRuntimeModule: (n) => (n === "url" ? { ...url } : null) });
        export default g;`,
      resolveDir: srcRoot,
    },
    nodePaths: [join(runtime, "node_modules")],
    bundle: true, write: false, format: "iife", globalName: name, platform: "neutral",
    mainFields: ["module", "main"], target: "es2022", minify: true,
  });
  return r.outputFiles[0].text;
}

const bench = String.raw`
(() => {
  const now = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();
  const CANON = "https://w7s.internal/api/v1/rpc/bench/rpc-target/";
  const cases = (g) => {
    const { URL, URLSearchParams, Request } = g;
    const u = new URL("https://w7s.internal/search?x=42&y=abc");
    return [
      ["new URL(canonical)", () => new URL(CANON)],
      ["new URL(request.url).pathname", () => new URL(CANON + "?id=7").pathname],
      ["new URL(relative, base)", () => new URL("/api/v1/items?page=2", "https://w7s.internal/")],
      ["new URL(non-canonical)", () => new URL("HTTPS://W7S.Internal:443/a/./b/../c")],
      ["new URLSearchParams('a=1&b=2').get('b')", () => new URLSearchParams("a=1&b=2").get("b")],
      ["url.searchParams.get('x') (new URL each)", () => new URL("https://w7s.internal/search?x=42&y=abc").searchParams.get("x")],
      ["url.searchParams.get('x') (same URL)", () => u.searchParams.get("x")],
      ["new Request(canonical)", () => new Request(CANON)],
    ];
  };
  function time(fn, ms) {
    let n = 0, sink;
    const t0 = now();
    let t;
    do { for (let i = 0; i < 200; i++) sink = fn(); n += 200; } while ((t = now() - t0) < ms);
    if (sink === undefined) throw new Error("no result");
    return (t * 1000) / n; // µs/op
  }
  return function run(variants, { warmupMs = 4000, measureMs = 1500, rounds = 3 } = {}) {
    const names = Object.keys(variants);
    const all = names.map((v) => cases(variants[v]));
    const rows = all[0].map(([label]) => ({ label }));
    for (let r = 0; r < rounds; r++) {
      for (let c = 0; c < rows.length; c++) {
        for (let v = 0; v < names.length; v++) {
          const t = time(all[v][c][1], r === 0 ? warmupMs : measureMs);
          if (r > 0) rows[c][names[v]] = Math.min(rows[c][names[v]] ?? Infinity, t);
        }
      }
    }
    const out = ["| case | " + names.map((n) => n + " µs/op").join(" | ") + " | speed-up |", "|---|" + names.map(() => "---:|").join("") + "---:|"];
    for (const row of rows) {
      const vals = names.map((n) => row[n]);
      out.push("| " + row.label + " | " + vals.map((x) => x.toFixed(3)).join(" | ") + " | " + (vals[0] / vals[vals.length - 1]).toFixed(1) + "x |");
    }
    return out.join("\n");
  };
})()`;

const script = [
  await variant(before, "__before"),
  await variant(runtime, "__after"),
  `(${bench})({ before: __before.default, after: __after.default })`,
].join("\n;\n");
rmSync(before, { recursive: true, force: true });

if (writeDir) writeFileSync(join(writeDir, "url-bench.js"), script);
const ctx = vm.createContext({ TextEncoder, TextDecoder, performance, console });
console.log(`node ${process.version}, baseline ${baseline} vs working tree`);
console.log(vm.runInContext(script, ctx));
