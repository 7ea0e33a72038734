package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleGraphTest {
    static final TypeScriptCompiler COMPILER = new TypeScriptCompiler();

    @TempDir
    Path app;

    ModuleGraph load(String entry) throws ModuleException {
        return ModuleGraph.load(app, app.resolve(entry), COMPILER);
    }

    @Test
    void importsResolveWithAndWithoutExtensionIndexFilesAndJsToTsFallback() throws Exception {
        write(app, "src/index.ts", """
                import { a } from "./a";
                import { b } from "./b.ts";
                import { c } from "./c.js";
                import { d } from "./lib";
                import { e } from "../shared/e";
                import { f } from "./f.mjs";
                export default { all: [a, b, c, d, e, f].join(",") };
                """);
        write(app, "src/a.ts", "export const a: string = 'a';");
        write(app, "src/b.ts", "export const b = 'b';");
        write(app, "src/c.ts", "export const c = 'c';");           // "./c.js" names c.ts
        write(app, "src/lib/index.ts", "export const d = 'd';");
        write(app, "shared/e.js", "export const e = 'e';");
        write(app, "src/f.mjs", "export const f = 'f';");

        ModuleGraph graph = load("src/index.ts");

        assertEquals(7, graph.modules().size());
        assertEquals("{\"all\":\"a,b,c,d,e,f\"}", Js.defaultExportJson(graph));
    }

    @Test
    void oneGraphServesSeveralContexts() throws Exception {
        write(app, "index.ts", "import { n } from './n';\nlet calls = 0;\nexport default { next: () => n + ++calls };");
        write(app, "n.ts", "export const n: number = 10;");
        ModuleGraph graph = load("index.ts");
        try (Context first = Js.context(graph); Context second = Js.context(graph)) {
            Value a = first.eval(graph.entrySource()).getMember("default");
            Value b = second.eval(graph.entrySource()).getMember("default");
            assertEquals(11, a.invokeMember("next").asInt());
            assertEquals(12, a.invokeMember("next").asInt());
            assertEquals(11, b.invokeMember("next").asInt()); // each context has its own module instances
        }
    }

    @Test
    void explicitJsFileWinsOverTsFile() throws Exception {
        write(app, "index.js", "import { x } from './x.js'; export default { x };");
        write(app, "x.js", "export const x = 'js';");
        write(app, "x.ts", "export const x = 'ts';");

        assertEquals("{\"x\":\"js\"}", Js.defaultExportJson(load("index.js")));
    }

    @Test
    void jsonModulesWorkWithAndWithoutImportAttribute() throws Exception {
        write(app, "src/index.ts", """
                import plain from "./data.json";
                import attributed from "./data.json" with { type: "json" };
                export { default as reexported } from "../more.json";
                const lazy = await import("./data.json");
                export default { plain, same: plain === attributed && lazy.default === plain };
                """);
        write(app, "src/data.json", "{\"name\": \"héllo\", \"n\": [1, 2]}");
        write(app, "more.json", "[true]");

        ModuleGraph graph = load("src/index.ts");

        assertEquals("{\"plain\":{\"name\":\"héllo\",\"n\":[1,2]},\"same\":true}", Js.defaultExportJson(graph));
        try (Context context = Js.context(graph)) {
            Value ns = context.eval(graph.entrySource());
            assertTrue(ns.getMember("reexported").getArrayElement(0).asBoolean());
        }
    }

    @Test
    void invalidJsonIsRefusedWithItsPosition() {
        write(app, "index.js", "import data from './data.json';\nexport default data;");
        write(app, "data.json", "{\n  \"a\": 1,\n  \"b\": ,\n}");

        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));

        assertEquals("data.json", e.file().toString());
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertTrue(e.getMessage().startsWith("data.json:3:8: invalid JSON"), e.getMessage());
    }

    @Test
    void missingImportNamesTheImporterAndWhatWasTried() {
        write(app, "src/index.ts", """
                // a comment
                type T = { a: string };
                  import { x } from './nope';
                export default {};
                """);

        ModuleException e = assertThrows(ModuleException.class, () -> load("src/index.ts"));

        assertEquals("src/index.ts:3:3: cannot resolve import './nope' (looked for ./nope.ts, ./nope.tsx, ./nope.mts, "
                + "./nope.js, ./nope.jsx, ./nope.mjs, ./nope/index.ts, ./nope/index.tsx, ./nope/index.js, ./nope/index.jsx, "
                + "./nope/index.mjs)", e.getMessage());
    }

    @Test
    void importsThatLeaveTheAppFolderAreRefused() throws Exception {
        write(app, "index.ts", "import x from '../../etc/passwd';\nexport default x;");
        ModuleException up = assertThrows(ModuleException.class, () -> load("index.ts"));
        assertEquals("index.ts:1:1: import '../../etc/passwd' leaves the app folder", up.getMessage());

        write(app, "index.ts", "export default 1;\nexport * from '/etc/passwd';");
        ModuleException absolute = assertThrows(ModuleException.class, () -> load("index.ts"));
        assertTrue(absolute.getMessage().startsWith("index.ts:2:1: absolute import paths are not allowed: '/etc/passwd'"), absolute.getMessage());
    }

    @Test
    void symbolicLinksOutOfTheAppFolderAreRefused(@TempDir Path outside) throws Exception {
        Path secret = write(outside, "secret.js", "export const s = 1;");
        Files.createSymbolicLink(app.resolve("linked.js"), secret);
        write(app, "index.js", "import { s } from './linked.js';\nexport default s;");

        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));

        assertEquals("index.js:1:1: import './linked.js' leaves the app folder (through a symbolic link)", e.getMessage());
    }

    @Test
    void bareSpecifierWithoutNodeModulesIsADeployError() {
        write(app, "index.ts", "\nimport { Hono } from \"hono\";\nexport default new Hono();");

        ModuleException e = assertThrows(ModuleException.class, () -> load("index.ts"));

        assertTrue(e.getMessage().startsWith("index.ts:2:1: cannot find package 'hono': no node_modules/hono"), e.getMessage());
    }

    @Test
    void syntaxErrorInPlainJsHasItsPosition() {
        write(app, "index.js", "export default {\n  fetch() { return 1 +; }\n};");

        ModuleException e = assertThrows(ModuleException.class, () -> load("index.js"));

        assertEquals("index.js", e.file().toString());
        assertEquals(2, e.line());
        assertEquals(23, e.column());
    }

    @Test
    void fileSystemServesOnlyTheGraphAndRefusesWrites() throws Exception {
        write(app, "index.js", "export default { ok: true };");
        write(app, "secret.js", "export default 'not imported at deploy time';");
        ModuleGraph graph = load("index.js");
        try (Context context = Js.context(graph)) {
            context.eval(graph.entrySource());
            // The file exists on disk but was not imported at deploy time: the context cannot load it.
            context.eval("js", "globalThis.outcome = 'pending'; import('" + graph.root().resolve("secret.js")
                    + "').then(() => outcome = 'loaded', e => outcome = 'refused: ' + e.message)");
            String outcome = context.eval("js", "outcome").asString();
            assertTrue(outcome.startsWith("refused: "), outcome);
            context.eval("js", "import('/etc/passwd').then(() => outcome = 'loaded', e => outcome = 'refused: ' + e.message)");
            String passwd = context.eval("js", "outcome").asString();
            assertTrue(passwd.startsWith("refused: "), passwd);
        }
        var fs = graph.fileSystem();
        assertThrows(java.nio.file.AccessDeniedException.class,
                () -> fs.newByteChannel(graph.entry(), java.util.Set.of(java.nio.file.StandardOpenOption.WRITE)));
        // The app folder is the root of what the context sees: no path of the host leads anywhere.
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fs.toRealPath(Path.of("/etc/passwd")));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fs.toRealPath(Path.of("/secret.js")));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fs.toRealPath(graph.entry()));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fs.toRealPath(Path.of("../../up/index.js")));
        assertEquals(Path.of("/index.js"), fs.toRealPath(Path.of("/index")));
        assertEquals(Path.of("/index.js"), graph.appPath(graph.entry()));
    }

    @Test
    void theSameCodeInTwoFoldersIsTheSameSourceForTheEngine(@TempDir Path elsewhere) throws Exception {
        for (Path folder : java.util.List.of(app, elsewhere)) {
            write(folder, "index.js", "import { x } from './lib/x.js';\nexport default { x, url: import.meta.url };");
            write(folder, "lib/x.js", "export const x = 'x';");
        }
        ModuleGraph here = load("index.js");
        ModuleGraph there = ModuleGraph.load(elsewhere, elsewhere.resolve("index.js"), COMPILER);
        // GraalJS caches parsed code per engine by Source: equal Sources are parsed once for every app that has them.
        assertEquals(here.entrySource(), there.entrySource());
        assertEquals("/index.js", here.entrySource().getPath());
        try (Context context = Js.context(there)) {
            Value exported = context.eval(there.entrySource()).getMember("default");
            assertEquals("file:///index.js", exported.getMember("url").asString(), "no path of the host");
            assertEquals("lib/x.js:1:14", there.describe("/lib/x.js", 1, 14)); // known to the graph: relative to the app
        }
    }
}
