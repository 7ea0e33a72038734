package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare imports from node_modules, with real files: resolution, exports, CommonJS, errors. */
class NpmModulesTest {
    static final TypeScriptCompiler COMPILER = ModuleGraphTest.COMPILER;

    @TempDir
    Path app;

    ModuleGraph load(String entry) throws ModuleException {
        return ModuleGraph.load(app, app.resolve(entry), COMPILER);
    }

    String run(String entry) throws ModuleException {
        return Js.defaultExportJson(load(entry));
    }

    @Test
    void mainModuleAndIndexEntriesAndSubpathFiles() throws Exception {
        write(app, "src/index.ts", """
                import { a } from "with-main";
                import { b } from "with-module";
                import { c } from "with-index";
                import { d } from "with-main/lib/extra.js";
                import { e } from "with-main/lib/extra2";
                import { s } from "@scope/pkg";
                export default { all: [a, b, c, d, e, s].join(",") };
                """);
        write(app, "node_modules/with-main/package.json", "{\"main\": \"lib/main\"}");
        write(app, "node_modules/with-main/lib/main.js", "export const a = 'a';");
        write(app, "node_modules/with-main/lib/extra.js", "export const d = 'd';");
        write(app, "node_modules/with-main/lib/extra2/index.js", "export const e = 'e';");
        write(app, "node_modules/with-module/package.json", "{\"main\": \"cjs.js\", \"module\": \"esm.js\"}");
        write(app, "node_modules/with-module/esm.js", "export const b = 'b';");
        write(app, "node_modules/with-index/package.json", "{\"name\": \"with-index\"}");
        write(app, "node_modules/with-index/index.js", "export const c = 'c';");
        write(app, "node_modules/@scope/pkg/package.json", "{\"exports\": \"./dist/pkg.mjs\"}");
        write(app, "node_modules/@scope/pkg/dist/pkg.mjs", "export const s = 's';");

        ModuleGraph graph = load("src/index.ts");

        assertEquals("{\"all\":\"a,b,c,d,e,s\"}", Js.defaultExportJson(graph));
        String code = graph.modules().get(app.toRealPath().resolve("src/index.ts")).code();
        assertTrue(code.contains("\"../node_modules/with-main/lib/main.js\""), code);
        assertFalse(code.contains("\"with-main\""), code);
    }

    @Test
    void nestedNodeModulesWinOverTheAppsAndTwoVersionsCoexist() throws Exception {
        write(app, "index.js", "import { v } from 'dep'; import { viaA } from 'a'; export default { v, viaA };");
        write(app, "node_modules/dep/package.json", "{\"main\": \"index.js\"}");
        write(app, "node_modules/dep/index.js", "export const v = 2;");
        write(app, "node_modules/a/package.json", "{\"exports\": {\".\": \"./src/a.js\"}}");
        write(app, "node_modules/a/src/a.js", "export { v as viaA } from 'dep';");
        write(app, "node_modules/a/node_modules/dep/package.json", "{\"main\": \"index.js\"}");
        write(app, "node_modules/a/node_modules/dep/index.js", "export const v = 1;");

        assertEquals("{\"v\":2,\"viaA\":1}", run("index.js"));
    }

    @Test
    void exportsConditionsNestedConditionsAndPatterns() throws Exception {
        write(app, "index.ts", """
                import main from "cond";
                import feature from "cond/features/x";
                import nested from "cond/nested";
                import fallback from "cond/array";
                import deep from "cond/deep/a/b";
                export default { main, feature, nested, fallback, deep };
                """);
        write(app, "node_modules/cond/package.json", """
                {"exports": {
                  ".": {"types": "./index.d.ts", "node": "./node.js", "import": "./import.js", "workerd": "./workerd.js", "default": "./default.js"},
                  "./features/*": {"import": "./feat/*.js", "require": "./feat/*.cjs"},
                  "./nested": {"node": "./node.js", "browser": {"require": "./node.js", "import": "./browser-import.js"}},
                  "./array": [{"node": "./node.js"}, "./default.js"],
                  "./deep/*": "./deep/*.js",
                  "./deep/a/*": "./deeper/*.js"
                }}""");
        for (String f : new String[] {"node", "import", "workerd", "default", "browser-import", "feat/x", "deeper/b"}) {
            write(app, "node_modules/cond/" + f + ".js", "export default '" + f + "';");
        }

        assertEquals("{\"main\":\"workerd\",\"feature\":\"feat/x\",\"nested\":\"browser-import\",\"fallback\":\"default\",\"deep\":\"deeper/b\"}",
                run("index.ts"));
    }

    @Test
    void packageImportsField() throws Exception {
        write(app, "index.js", "import x from 'p'; export default x;");
        write(app, "node_modules/p/package.json", "{\"exports\": \"./main.js\", \"imports\": {\"#internal/*\": \"./int/*.js\"}}");
        write(app, "node_modules/p/main.js", "import y from '#internal/y'; export default y;");
        write(app, "node_modules/p/int/y.js", "export default 'y';");

        assertEquals("\"y\"", run("index.js"));
    }

    @Test
    void commonJsExportsBecomeTheDefaultExportAndRequireChainsWork() throws Exception {
        write(app, "index.ts", """
                import lib from "cjs-lib";
                import other from "cjs-lib/other.cjs";
                import { add, name as libName } from "cjs-lib";
                export default { sum: lib.add(2, 3), name: lib.name, other, same: lib.helper === other.helper, named: add(1, 1) + libName };
                """);
        write(app, "node_modules/cjs-lib/package.json", "{\"main\": \"./index.js\"}");
        write(app, "node_modules/cjs-lib/index.js", """
                #!/usr/bin/env node
                'use strict';
                const helper = require('./helper');
                const { name } = require("named");
                const data = require('./data.json');
                exports.add = (a, b) => helper.plus(a, b);
                exports.name = name + '@' + data.version;
                exports.helper = helper;
                """);
        write(app, "node_modules/cjs-lib/helper.js", "module.exports = { plus: (a, b) => a + b };");
        write(app, "node_modules/cjs-lib/other.cjs", "module.exports = { helper: require('./helper.js'), me: __filename };");
        write(app, "node_modules/cjs-lib/data.json", "{\"version\": \"1.0\"}");
        write(app, "node_modules/named/package.json", "{\"exports\": {\"require\": \"./n.cjs\", \"import\": \"./n.mjs\"}}");
        write(app, "node_modules/named/n.cjs", "module.exports.name = 'named-cjs';");
        write(app, "node_modules/named/n.mjs", "export const name = 'named-esm';");

        assertEquals("{\"sum\":5,\"name\":\"named-cjs@1.0\",\"other\":{\"helper\":{},\"me\":\"/node_modules/cjs-lib/other.cjs\"},\"same\":true,"
                        + "\"named\":\"2named-cjs@1.0\"}",
                run("index.ts"));
    }

    @Test
    void theKeysOfAnObjectLiteralAssignedToModuleExportsAreNamedExports() throws Exception {
        // property-expr's shape; yup's ES build imports { getter, setter } from it.
        write(app, "index.js", """
                import { a, b, c, d, e } from "literal-cjs";
                import * as all from "literal-cjs";
                export default { values: [a, b, c(), d, e], spreadNotNamed: "f" in all, reassigned: "g" in all };
                """);
        write(app, "node_modules/literal-cjs/package.json", "{\"main\": \"index.js\"}");
        write(app, "node_modules/literal-cjs/index.js", """
                var b = 2;
                exports = { g: 'not the module' };
                module.exports = { a: 1, b, c() { return 3; }, "d": 4, get e() { return 5; }, ...{ f: 6 } };
                """);

        assertEquals("{\"values\":[1,2,3,4,5],\"spreadNotNamed\":false,\"reassigned\":false}", run("index.js"));
    }

    @Test
    void propertiesOfTheValueAssignedToModuleExportsAreNamedExports() throws Exception {
        // The npm "events" package: import { EventEmitter } from "events".
        write(app, "index.js", """
                import Emitter, { EventEmitter, once } from "events";
                export default { same: EventEmitter === Emitter, once: typeof once };
                """);
        write(app, "node_modules/events/package.json", "{\"main\": \"events.js\"}");
        write(app, "node_modules/events/events.js", """
                function EventEmitter() {}
                module.exports = EventEmitter;
                module.exports.once = function once() {};
                EventEmitter.EventEmitter = EventEmitter;
                """);

        assertEquals("{\"same\":true,\"once\":\"function\"}", run("index.js"));
    }

    @Test
    void aCommonJsModuleThatIsAnotherOnesExportsOffersItsNames() throws Exception {
        // React's entry: module.exports = require('./cjs/react.production.js'), in both branches of an if.
        write(app, "index.js", """
                import { createElement, version, deep } from "react-like";
                import * as cycle from "cycle";
                export default { element: createElement("p"), version, deep, loop: "loop" in cycle };
                """);
        write(app, "node_modules/react-like/package.json", "{\"main\": \"index.js\"}");
        write(app, "node_modules/react-like/index.js", """
                'use strict';
                if (process.env.NODE_ENV === 'production') {
                  module.exports = require('./cjs/prod.js');
                } else {
                  module.exports = require('./cjs/dev.js');
                }
                """);
        write(app, "node_modules/react-like/cjs/prod.js", "module.exports = require('./impl.js');"); // a chain
        write(app, "node_modules/react-like/cjs/impl.js", """
                exports.createElement = (type) => ({ type });
                exports.version = 'prod';
                exports.deep = require('./more.js').deep;
                """);
        write(app, "node_modules/react-like/cjs/more.js", "exports.deep = 'more';");
        write(app, "node_modules/react-like/cjs/dev.js", "exports.createElement = () => 'dev'; exports.version = 'dev';");
        // A cycle of re-exports: finding the names ends (what the cycle leaves at run time is CommonJS's business).
        write(app, "node_modules/cycle/package.json", "{\"main\": \"a.js\"}");
        write(app, "node_modules/cycle/a.js", "module.exports = require('./b.js');");
        write(app, "node_modules/cycle/b.js", "exports.loop = 1; module.exports = require('./a.js');");

        assertEquals("{\"element\":{\"type\":\"p\"},\"version\":\"prod\",\"deep\":\"more\",\"loop\":true}", run("index.js"));
    }

    @Test
    void commonJsCyclesSeePartialExportsAndTypeModuleStaysEsm() throws Exception {
        // Required modules are static imports of the shim, so (unlike Node) a required module starts first:
        // b runs, requires index, which runs to the end seeing b's partial (empty) exports.
        write(app, "index.js", "import a from 'cyc'; import m from 'esm-pkg'; export default { a, m };");
        write(app, "node_modules/cyc/package.json", "{}");
        write(app, "node_modules/cyc/index.js", "exports.early = 1; const b = require('./b'); exports.fromB = String(b.sawEarly);");
        write(app, "node_modules/cyc/b.js", "const a = require('./index'); exports.sawEarly = a.early;");
        write(app, "node_modules/esm-pkg/package.json", "{\"type\": \"module\", \"main\": \"m.js\"}");
        write(app, "node_modules/esm-pkg/m.js", "export default typeof module;");

        assertEquals("{\"a\":{\"early\":1,\"fromB\":\"undefined\"},\"m\":\"undefined\"}", run("index.js"));
    }

    @Test
    void dynamicRequireAndMissingOptionalDependencyThrowWhenRun() throws Exception {
        write(app, "index.js", "import p from 'p'; export default { p: p.tryIt(), dyn: p.dyn() };");
        write(app, "node_modules/p/package.json", "{}");
        write(app, "node_modules/p/index.js", """
                exports.tryIt = () => { try { return require('not-installed'); } catch (e) { return e.message; } };
                exports.dyn = () => { try { const n = 'x'; return require(n); } catch (e) { return e.message; } };
                """);

        String json = run("index.js");
        assertTrue(json.contains("Cannot find module 'not-installed'"), json);
        assertTrue(json.contains("only require() calls with a string literal"), json);
    }

    @Test
    void missingPackageIsADeployErrorAtTheImport() {
        write(app, "src/index.ts", "// header\nimport { Hono } from \"hono/cors\";\nexport default {};");
        ModuleException e = assertThrows(ModuleException.class, () -> load("src/index.ts"));
        assertEquals("src/index.ts:2:1: cannot find package 'hono' (imported as 'hono/cors'): no node_modules/hono in the importing "
                + "file's folder or any parent folder of the app; run `npm install hono` in the app folder", e.getMessage());
    }

    @Test
    void packagesAboveTheAppFolderAreNotFound() {
        write(app, "node_modules/outside/index.js", "export default 1;");
        write(app, "app/index.js", "import x from 'outside'; export default x;");
        ModuleException e = assertThrows(ModuleException.class, () -> ModuleGraph.load(app.resolve("app"), app.resolve("app/index.js"), COMPILER));
        assertTrue(e.getMessage().startsWith("index.js:1:1: cannot find package 'outside'"), e.getMessage());
    }

    @Test
    void unexportedSubpathIsADeployError() {
        write(app, "index.js", "\n  import x from 'p/internal.js';\nexport default x;");
        write(app, "node_modules/p/package.json", "{\"exports\": {\".\": \"./main.js\", \"./internal.js\": null}}");
        write(app, "node_modules/p/main.js", "export default 1;");
        write(app, "node_modules/p/internal.js", "export default 2;");
        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));
        assertEquals("index.js:2:3: package 'p' does not export './internal.js' (\"exports\" in node_modules/p/package.json has no entry "
                + "for it with conditions workerd, worker, browser, import, default)", e.getMessage());
    }

    @Test
    void anInvalidPackageJsonIsNamedWithItsError() {
        write(app, "index.js", "import x from 'p';\nexport default x;");
        write(app, "node_modules/p/package.json", "{\"main\": \"main.js\",}");
        write(app, "node_modules/p/main.js", "export default 1;");
        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));
        assertTrue(e.getMessage().startsWith("index.js:1:1: invalid node_modules/p/package.json: "), e.getMessage());
    }

    @Test
    void nodeBuiltinsAreRefused() {
        write(app, "index.js", "import fs from 'node:fs';\nexport default fs;");
        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));
        assertEquals("index.js:1:1: 'node:fs' is a Node.js built-in module; W7S does not provide Node.js built-ins", e.getMessage());
        write(app, "index.js", "import path from 'path';\nexport default path;");
        e = assertThrows(ModuleException.class, () -> load("index.js"));
        assertEquals("index.js:1:1: 'path' is a Node.js built-in module; W7S does not provide Node.js built-ins", e.getMessage());
    }

    @Test
    void dynamicImportOfANodeBuiltinDeploysAndRejectsWhenItRuns() throws Exception {
        write(app, "index.ts", """
                export async function neverCalled() { return import("fs"); }
                const outcome = await import("node:fs").then(() => "loaded", (e) => e.code + ": " + e.message);
                export default { outcome };
                """);

        assertEquals("{\"outcome\":\"ERR_MODULE_NOT_FOUND: Cannot import 'node:fs': it is a Node.js built-in module, and "
                + "Node.js built-ins are not available on W7S (use Web APIs: fetch, crypto.subtle, streams...)\"}", run("index.ts"));
    }

    @Test
    void browserFieldMapsFilesAndModulesToOtherFilesOrAnEmptyModule() throws Exception {
        write(app, "index.js", "import esm from 'esm-pkg'; import cjs from 'cjs-pkg'; export default { esm, cjs };");
        write(app, "node_modules/esm-pkg/package.json", """
                {"type": "module", "main": "index.js",
                 "browser": {"./lib/node.js": "./lib/web.js", "./lib/server": false, "fs": false, "ws": "./lib/ws-shim.js"}}
                """);
        write(app, "node_modules/esm-pkg/index.js", """
                import where from "./lib/node.js";
                import server from "./lib/server.js";
                import fs from "fs";
                import ws from "ws";
                export default { where, server, fs, ws };
                """);
        write(app, "node_modules/esm-pkg/lib/node.js", "export default 'node';");
        write(app, "node_modules/esm-pkg/lib/web.js", "export default 'web';");
        write(app, "node_modules/esm-pkg/lib/server.js", "export default 'server';");
        write(app, "node_modules/esm-pkg/lib/ws-shim.js", "export default 'ws-shim';");
        // CommonJS: require() of a file mapped to false gets {}, as with bundlers; the entry itself is mapped.
        write(app, "node_modules/cjs-pkg/package.json", "{\"main\": \"main.js\", \"browser\": {\"./main.js\": \"./main-web.js\", \"crypto\": false}}");
        write(app, "node_modules/cjs-pkg/main.js", "module.exports = 'node entry';");
        write(app, "node_modules/cjs-pkg/main-web.js", "module.exports = { entry: 'web entry', crypto: require('crypto') };");

        assertEquals("{\"esm\":{\"where\":\"web\",\"server\":{},\"fs\":{},\"ws\":\"ws-shim\"},"
                + "\"cjs\":{\"entry\":\"web entry\",\"crypto\":{}}}", run("index.js"));
    }

    @Test
    void browserStringReplacesMainButExportsDecideFirst() throws Exception {
        write(app, "index.js", "import a from 'string-form'; import b from 'with-exports'; export default { a, b };");
        write(app, "node_modules/string-form/package.json", "{\"main\": \"node.js\", \"module\": \"esm.js\", \"browser\": \"./web.js\"}");
        write(app, "node_modules/string-form/node.js", "export default 'main';");
        write(app, "node_modules/string-form/esm.js", "export default 'module';");
        write(app, "node_modules/string-form/web.js", "export default 'browser';");
        write(app, "node_modules/with-exports/package.json", """
                {"type": "module", "exports": {"workerd": "./worker.js", "default": "./node.js"}, "browser": {"./worker.js": "./node.js"}}
                """);
        write(app, "node_modules/with-exports/worker.js", "export default 'exports chose workerd';");
        write(app, "node_modules/with-exports/node.js", "export default 'node';");

        assertEquals("{\"a\":\"browser\",\"b\":\"exports chose workerd\"}", run("index.js"));
    }

    @Test
    void browserFieldTargetThatNamesNoFileIsADeployError() {
        write(app, "index.js", "import p from 'p'; export default p;");
        write(app, "node_modules/p/package.json", "{\"browser\": {\"./index.js\": \"./missing.js\"}}");
        write(app, "node_modules/p/index.js", "export default 1;");
        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));
        assertEquals("index.js:1:1: \"browser\" in node_modules/p/package.json maps \"./index.js\" to './missing.js', which names no file",
                e.getMessage());
    }

    @Test
    void onlyGraphFilesAreServedEvenInsideNodeModules() throws Exception {
        write(app, "node_modules/p/package.json", "{\"main\": \"main.js\"}");
        write(app, "node_modules/p/main.js", "export default 1;");
        write(app, "node_modules/p/unused.js", "export default 2;");
        write(app, "index.js", "import x from 'p'; const f = 'unused.js';\n"
                + "export default { x, other: await import('./node_modules/p/' + f).then(() => 'loaded', e => 'refused') };");

        assertEquals("{\"x\":1,\"other\":\"refused\"}", run("index.js"));
    }
}
