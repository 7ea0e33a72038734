// Validates Kubernetes manifests offline (KubernetesManifestsTest runs it on deploy/kubernetes).
//
//   node validate.mjs [--json] PATH...     PATH: a .yaml/.yml file, or a folder (all of them, recursively)
//
// Every YAML document must be a Kubernetes object whose apiVersion/kind this package knows, and must pass
//  1. the schema: kubernetes-models' validate(), generated from the Kubernetes OpenAPI schemas (types,
//     formats, required fields, enums);
//  2. strict fields: no field the API does not define (a misspelt `readinesProbe` passes the schemas, which
//     allow unknown fields, and the API server would drop or refuse it). Checked by type-checking the
//     document as a TypeScript object literal against kubernetes-models' interfaces (excess properties).
// A kustomization.yaml is checked too: every `resources` entry exists, and every other YAML file in its
// folder is listed (nothing written and forgotten).
// Exit code 0 when everything is valid, 1 with one line per problem (file#document (kind name) path: message),
// 2 for a usage error. --json prints {"ok", "errors", "documents": [{file, index, document}]} on stdout instead.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const KUSTOMIZE = "kustomize.config.k8s.io/v1beta1";

function yamlFiles(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = join(path, e.name);
      if (e.isDirectory()) return yamlFiles(p);
      return /\.ya?ml$/.test(e.name) ? [p] : [];
    });
}

/** The model class for apiVersion/kind, or an error message. "v1" is the core group, "apps/v1" a named one. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return { error: "apiVersion and kind must be strings" };
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) return { error: `apiVersion '${apiVersion}' is not group/version` };
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return { error: `unknown apiVersion '${apiVersion}' (not in the Kubernetes API this validator knows)` };
  }
  const model = module[kind];
  if (typeof model !== "function" || model.apiVersion !== apiVersion || model.kind !== kind) {
    return { error: `unknown kind '${kind}' in ${apiVersion}` };
  }
  return { model, typesModule: `kubernetes-models/${apiVersion}/${kind}`, typeName: `I${kind}` };
}

function schemaErrors(model, document) {
  try {
    new model(document).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) return [{ path: "", message: e.message }];
    return e.errors.map((err) => ({ path: pointerToPath(err.instancePath), message: describeAjv(err) }));
  }
}

function describeAjv(err) {
  if (err.keyword === "enum") return `${err.message}: ${err.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return err.message;
}

function pointerToPath(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, s) => (/^[0-9]+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");
}

/**
 * Unknown fields (and type errors) of every document at once: each becomes a virtual TypeScript file
 * `const document: IKind = {...}` type-checked against the interfaces kubernetes-models ships.
 */
function fieldErrors(entries) {
  const files = new Map();
  entries.forEach((entry, i) => {
    const name = join(here, "__documents__", `document${i}.ts`);
    const text = `import type { ${entry.typeName} } from "${entry.typesModule}";\n` +
      `const document: ${entry.typeName} = ${JSON.stringify(entry.document, null, 2)};\nexport { document };\n`;
    files.set(name, { entry, text });
  });
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host), readFile = host.readFile.bind(host), getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => (files.has(f) ? files.get(f).text : readFile(f));
  host.getSourceFile = (f, language, onError) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f).text, language, true) : getSourceFile(f, language, onError);
  const program = ts.createProgram([...files.keys()], options, host);
  const checker = program.getTypeChecker();
  const errors = [];
  for (const [name, { entry }] of files) {
    const source = program.getSourceFile(name);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      // Unknown fields are reported by the walk below: TypeScript's own excess-property errors stop at the
      // first one per literal and are left out while the literal has another error.
      if (EXCESS_PROPERTY.has(d.code)) continue;
      errors.push({ entry, path: pathAt(source, d.start), message: ts.flattenDiagnosticMessageText(d.messageText, " ") });
    }
    unknownFields(checker, source, (node, name, type) =>
      errors.push({ entry, path: pathAt(source, node.getStart(source)), message: `unknown field '${name}' (not in ${type})` }));
  }
  return errors;
}

const EXCESS_PROPERTY = new Set([2353, 2561]);

/** Every property of every object literal that its declared type (an API interface) does not have. */
function unknownFields(checker, source, report) {
  const visit = (node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const declared = checker.getContextualType(node);
      const types = declared ? (declared.isUnion() ? declared.types : [declared]).filter((t) => t.flags & ts.TypeFlags.Object) : [];
      if (types.length > 0) {
        for (const p of node.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const name = ts.isStringLiteral(p.name) ? p.name.text : p.name.getText(source);
          const known = types.some((t) => t.getProperty(name) || checker.getIndexInfosOfType(t).length > 0);
          if (!known) report(p, name, types.map((t) => checker.typeToString(t)).join(" | "));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The document path (spec.template.spec.containers[0].name) of the literal at a position. */
function pathAt(source, position) {
  let node = source;
  for (;;) {
    const child = node.getChildren(source).find((c) => c.getStart(source) <= position && position < c.getEnd());
    if (!child) break;
    node = child;
  }
  const parts = [];
  for (let n = node; n && n !== source; n = n.parent) {
    if (ts.isPropertyAssignment(n)) parts.unshift(ts.isStringLiteral(n.name) ? n.name.text : n.name.getText(source));
    if (n.parent && ts.isArrayLiteralExpression(n.parent)) parts.unshift(n.parent.elements.indexOf(n));
  }
  return parts.reduce((path, p) => (typeof p === "number" ? `${path}[${p}]` : path ? `${path}.${p}` : p), "");
}

function checkKustomization(file, document, allFiles, problem) {
  const folder = dirname(file);
  const listed = new Set();
  for (const r of document.resources ?? []) {
    const target = resolve(folder, r);
    if (!existsSync(target)) problem(`resources: '${r}' does not exist`);
    listed.add(target);
  }
  for (const f of allFiles) {
    if (dirname(f) === folder && f !== file && !listed.has(resolve(f))) problem(`resources: ${basename(f)} is in the folder but not listed`);
  }
}

async function main(argv) {
  const json = argv.includes("--json");
  const paths = argv.filter((a) => a !== "--json");
  if (paths.length === 0) {
    console.error("usage: node validate.mjs [--json] PATH...");
    return 2;
  }
  const files = paths.flatMap((p) => yamlFiles(resolve(p)));
  const errors = [];
  const documents = [];
  const typed = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    // YAML 1.1, as Kubernetes reads manifests (sigs.k8s.io/yaml): `yes`, `on` are booleans there too.
    const docs = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1", prettyErrors: true, uniqueKeys: true });
    if (docs.length === 0) errors.push(`${shown}: no YAML document`);
    for (const [index, doc] of docs.entries()) {
      const where = `${shown}#${index}`;
      if (doc.errors.length > 0) {
        for (const e of doc.errors) errors.push(`${where}: YAML: ${e.message.split("\n")[0]}`);
        continue;
      }
      const document = doc.toJS();
      if (document === null || document === undefined) continue;
      if (typeof document !== "object" || Array.isArray(document)) {
        errors.push(`${where}: not a Kubernetes object (a YAML mapping with apiVersion and kind)`);
        continue;
      }
      const label = `${where} (${document.kind ?? "?"} ${document.metadata?.name ?? "?"})`;
      documents.push({ file: shown, index, document });
      if (document.apiVersion === KUSTOMIZE && document.kind === "Kustomization") {
        checkKustomization(file, document, files, (m) => errors.push(`${label}: ${m}`));
        continue;
      }
      const found = await modelFor(document.apiVersion, document.kind);
      if (found.error) {
        errors.push(`${label}: ${found.error}`);
        continue;
      }
      const schema = schemaErrors(found.model, document);
      for (const e of schema) errors.push(`${label} ${e.path || "(document)"}: schema: ${e.message}`);
      typed.push({ label, document, typeName: found.typeName, typesModule: found.typesModule, reported: new Set(schema.map((e) => e.path)) });
    }
  }
  if (typed.length > 0) {
    // A type error the schema already reported at the same path is not repeated.
    for (const e of fieldErrors(typed).filter((e) => !e.entry.reported.has(e.path))) errors.push(`${e.entry.label} ${e.path || "(document)"}: fields: ${e.message}`);
  }
  if (json) {
    process.stdout.write(JSON.stringify({ ok: errors.length === 0, errors, documents }) + "\n");
  } else {
    for (const e of errors) console.error(`error: ${e}`);
    console.log(`${documents.length} documents in ${files.length} files: ${errors.length === 0 ? "valid" : `${errors.length} problems`}`);
  }
  return errors.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
