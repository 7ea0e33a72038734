package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large ES-module packages combined at deploy time: they must behave exactly as their separate modules. */
class PackageBundlerTest {
    private static final int MODULES = PackageBundler.MIN_MODULES + 10;

    @TempDir
    Path app;

    @BeforeAll
    static void esbuildIsPartOfTheBuild() {
        assertTrue(Esbuild.available(), "the build copies esbuild to target/classes/w7s/esbuild (runtime/build.mjs)");
    }

    @Test
    void aLargePackageIsCombinedAndKeepsLiveBindingsCyclesNamesIdentityAndOtherPackages() throws Exception {
        writeBigPackage();
        write(app, "index.js", """
                import * as big from "big";
                import { small } from "small";
                big.bump();
                let sum = 0;
                for (const [name, value] of Object.entries(big)) if (/^v\\d+$/.test(name)) sum += value.n;
                export default {
                  sum,
                  counter: big.counter,
                  cycle: big.a() + big.seesA(),
                  sameOtherPackage: big.fromSmall === small,
                  names: [big.f1.name, big.f2.name],
                  version: big.version,
                };
                """);

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.js"), NpmModulesTest.COMPILER);

        assertEquals(List.of("node_modules/big"), graph.combinedPackages()); // "small" has too few modules
        assertEquals(MODULES + 12, graph.files()); // big: MODULES + 10, small, index.js
        assertEquals(3, graph.modules().size(), "modules GraalJS loads: " + graph.modules().keySet());
        int expectedSum = MODULES * (MODULES - 1) / 2;
        assertEquals("{\"sum\":" + expectedSum + ",\"counter\":1,\"cycle\":\"abfunction\","
                + "\"sameOtherPackage\":true,\"names\":[\"local\",\"local\"],\"version\":\"1.2.3\"}", Js.defaultExportJson(graph));
    }

    @Test
    void stackTracesNameTheOriginalFilesOfACombinedPackage() throws Exception {
        writeBigPackage();
        write(app, "index.js", "import { fail } from 'big';\nexport default { fail };\n");
        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.js"), NpmModulesTest.COMPILER);
        assertEquals(List.of("node_modules/big"), graph.combinedPackages());

        try (Context context = Js.context(graph)) {
            String stack = context.eval("js", "(m) => { try { m.fail(); } catch (e) { return e.stack; } }")
                    .execute(context.eval(graph.entrySource()).getMember("default")).asString();
            String mapped = graph.mapStackTrace(stack);
            assertTrue(mapped.contains("(node_modules/big/fail.js:3:9)"), mapped);
        }
    }

    @Test
    void aPackageReachedThroughSeveralFilesStaysSeparate() throws Exception {
        // Combined, it would be split into chunks, whose evaluation order is not always that of the modules.
        writeBigPackage();
        write(app, "index.js", """
                import * as big from "big";
                import { v5 } from "big/m5.js";
                export default { same: v5 === big.v5 };
                """);

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.js"), NpmModulesTest.COMPILER);

        assertEquals(List.of(), graph.combinedPackages());
        assertEquals("{\"same\":true}", Js.defaultExportJson(graph));
    }

    @Test
    void packagesThatCouldBehaveDifferentlyCombinedStaySeparate() throws Exception {
        // require() in an ES module (esbuild would bundle what it names) and import.meta (it would name the bundle).
        writeManyModules("node_modules/requires", "const r = typeof require === 'function' ? require('./m1.js') : null;\n"
                + "export const viaRequire = r;");
        writeManyModules("node_modules/meta", "export const url = import.meta.url;");
        write(app, "index.js", """
                import { viaRequire } from "requires";
                import { url } from "meta";
                export default { viaRequire, url };
                """);

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.js"), NpmModulesTest.COMPILER);

        assertEquals(List.of(), graph.combinedPackages());
        assertEquals(graph.files(), graph.modules().size());
        assertEquals("{\"viaRequire\":null,\"url\":\"file:///node_modules/meta/index.js\"}", Js.defaultExportJson(graph));
    }

    @Test
    void aCombinedPackageIsKeptInTheCompileCache(@TempDir Path cacheDir) throws Exception {
        writeBigPackage();
        // Content no other test has: the package is not in the host's memory yet.
        write(app, "node_modules/big/m1.js", "export const v1 = { n: 1, test: \"" + cacheDir + "\" };\n");
        write(app, "index.js", "import { v1 } from 'big';\nexport default { n: v1.n };\n");

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.js"), new TypeScriptCompiler(new CompileCache(cacheDir)));

        assertEquals(List.of("node_modules/big"), graph.combinedPackages());
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".bundle")).count());
        }
        assertEquals("{\"n\":1}", Js.defaultExportJson(graph));
    }

    @Test
    void packageFolderIsTheInnermostPackage() {
        Path root = Path.of("/app");
        assertEquals(Path.of("/app/node_modules/a"), PackageBundler.packageFolder(root, Path.of("/app/node_modules/a/dist/x.js")));
        assertEquals(Path.of("/app/node_modules/@s/b"), PackageBundler.packageFolder(root, Path.of("/app/node_modules/@s/b/x.js")));
        assertEquals(Path.of("/app/node_modules/a/node_modules/c"),
                PackageBundler.packageFolder(root, Path.of("/app/node_modules/a/node_modules/c/index.js")));
        assertEquals(null, PackageBundler.packageFolder(root, Path.of("/app/src/index.js")));
    }

    /**
     * node_modules/big: MODULES modules m0..mN (each exporting vI = {n: I}) re-exported by index.mjs, plus
     * modules for live bindings, a cycle, function names, a throw, a JSON import and an import of another package.
     */
    private void writeBigPackage() throws Exception {
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < MODULES; i++) {
            write(app, "node_modules/big/m" + i + ".js", "export const v" + i + " = { n: " + i + " };\n");
            index.append("export * from \"./m").append(i).append(".js\";\n");
        }
        index.append("""
                export { counter, bump } from "./state.js";
                export { a } from "./cycle-a.js";
                export { seesA } from "./cycle-b.js";
                export { f1 } from "./named1.js";
                export { f2 } from "./named2.js";
                export { fail } from "./fail.js";
                export { fromSmall } from "./uses-small.js";
                export { version } from "./meta.js";
                """);
        // .mjs: esbuild writes its output as index.js, the combined module must still be index.mjs.
        write(app, "node_modules/big/package.json", "{\"name\": \"big\", \"type\": \"module\", \"main\": \"index.mjs\"}");
        write(app, "node_modules/big/index.mjs", index.toString());
        write(app, "node_modules/big/state.js", "export let counter = 0;\nexport function bump() { counter++; }\n");
        write(app, "node_modules/big/cycle-a.js", "import { b } from \"./cycle-b.js\";\nexport function a() { return \"a\" + b(); }\n");
        write(app, "node_modules/big/cycle-b.js", "import { a } from \"./cycle-a.js\";\nexport function b() { return \"b\"; }\n"
                + "export const seesA = () => typeof a;\n");
        // Two functions of one name: combined into one scope, one is renamed; its .name must not change.
        write(app, "node_modules/big/named1.js", "function local() {}\nexport const f1 = local;\n");
        write(app, "node_modules/big/named2.js", "function local() {}\nexport const f2 = local;\n");
        write(app, "node_modules/big/fail.js", "export function fail() {\n  const why = \"boom\";\n  throw new Error(why);\n}\n");
        write(app, "node_modules/big/meta.js", "import data from \"./data.json\";\nexport const version = data.version;\n");
        write(app, "node_modules/big/data.json", "{\"version\": \"1.2.3\"}");
        write(app, "node_modules/big/uses-small.js", "import { small } from \"small\";\nexport const fromSmall = small;\n");
        write(app, "node_modules/small/package.json", "{\"type\": \"module\", \"main\": \"index.js\"}");
        write(app, "node_modules/small/index.js", "export const small = { id: \"small\" };\n");
    }

    /** A package of MODULES modules whose index.js is {@code indexCode} and imports all the others. */
    private void writeManyModules(String folder, String indexCode) throws Exception {
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < MODULES; i++) {
            write(app, folder + "/m" + i + ".js", "export const v" + i + " = " + i + ";\n");
            index.append("import \"./m").append(i).append(".js\";\n");
        }
        write(app, folder + "/package.json", "{\"type\": \"module\", \"main\": \"index.js\"}");
        write(app, folder + "/index.js", index + indexCode + "\n");
    }
}
