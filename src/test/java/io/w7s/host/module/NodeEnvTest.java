package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** process.env.NODE_ENV is "production" in app and package code, as bundlers define it; nothing else changes. */
class NodeEnvTest {
    @TempDir
    Path app;

    private ModuleGraph load() throws ModuleException {
        return ModuleGraph.load(app, app.resolve("index.js"), NpmModulesTest.COMPILER);
    }

    @Test
    void readsBecomeProductionInEsAndCommonJsModules() throws Exception {
        write(app, "index.js", """
                import { mode, prod, kind, computed } from "esm-pkg";
                import react from "react-like";
                export default { mode, prod, kind, computed, react: react.build };
                """);
        write(app, "node_modules/esm-pkg/package.json", "{\"type\": \"module\", \"main\": \"index.js\"}");
        write(app, "node_modules/esm-pkg/index.js", """
                export const mode = process.env.NODE_ENV;
                export const prod = process.env.NODE_ENV === "production";
                export const kind = typeof process; // still no process
                export const computed = process.env["NODE_ENV"];
                export function set() { process.env.NODE_ENV = "x"; delete process.env.NODE_ENV; process.env.NODE_ENV++; } // assigned: left alone
                """);
        // React's CommonJS entry: the branch is taken at load time.
        write(app, "node_modules/react-like/package.json", "{\"main\": \"index.js\"}");
        write(app, "node_modules/react-like/index.js", """
                'use strict';
                if (process.env.NODE_ENV === 'production') {
                  module.exports = require('./prod.js');
                } else {
                  module.exports = require('./dev.js');
                }
                """);
        write(app, "node_modules/react-like/prod.js", "exports.build = 'prod';");
        write(app, "node_modules/react-like/dev.js", "exports.build = 'dev';");

        assertEquals("{\"mode\":\"production\",\"prod\":true,\"kind\":\"undefined\",\"computed\":\"production\",\"react\":\"prod\"}",
                Js.defaultExportJson(load()));
    }

    @Test
    void aModuleWithItsOwnProcessKeepsIt() throws Exception {
        write(app, "index.js", """
                import { fromParameter } from "./param.js";
                const process = { env: { NODE_ENV: "custom" } };
                export default { mode: process.env.NODE_ENV, fromParameter: fromParameter({ env: { NODE_ENV: "given" } }) };
                """);
        write(app, "param.js", "export function fromParameter(process) { return process.env.NODE_ENV; }\n");

        assertEquals("{\"mode\":\"custom\",\"fromParameter\":\"given\"}", Js.defaultExportJson(load()));
    }

    @Test
    void typeScriptDeclarationsOfProcessAreNoBindings() throws Exception {
        write(app, "index.ts", """
                declare const process: { env: { NODE_ENV?: string } };
                type Mode = typeof process.env.NODE_ENV;
                const mode: Mode = process.env.NODE_ENV;
                export default { mode };
                """);

        assertEquals("{\"mode\":\"production\"}", Js.defaultExportJson(ModuleGraph.load(app, app.resolve("index.ts"), NpmModulesTest.COMPILER)));
    }

    @Test
    void noPositionMoves() throws Exception {
        String line = "export default { boom() { return process.env.NODE_ENV + missing(); } };";
        write(app, "index.js", "// first line\n" + line + "\n");
        ModuleGraph graph = load();

        String code = graph.modules().get(graph.root().resolve("index.js")).code();
        assertEquals(("// first line\n" + line + "\n").length(), code.length());
        assertTrue(code.contains("\"production\"" + " ".repeat("process.env.NODE_ENV".length() - "\"production\"".length()) + " + missing()"), code);
        try (Context context = Js.context(graph)) {
            String stack = context.eval("js", "(m) => { try { m.boom(); } catch (e) { return e.stack; } }")
                    .execute(context.eval(graph.entrySource()).getMember("default")).asString();
            assertTrue(stack.contains("/index.js:2:" + (line.indexOf("missing") + 1) + ")"), stack);
        }
    }
}
