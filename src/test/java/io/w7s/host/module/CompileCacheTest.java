package io.w7s.host.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compile cache on disk, with the real swc4j: what a restarted host gets back, and what it must not. */
class CompileCacheTest {
    static final String TS = """
            import { Hono } from "hono";
            interface Env { GREETING: string }
            type Unused = number;
            export const app: Hono = new Hono();
            export function greet(env: Env): string {
              return env.GREETING;
            }
            """;
    static final String JS_WITH_JSON = "import data from './data.json';\nimport { x } from 'pkg';\nexport default [data, x];\n";
    static final String CJS = "const dep = require('dep');\nexports.answer = 42;\nmodule.exports.other = dep;\n";

    @TempDir
    Path app;
    @TempDir
    Path cacheDir;

    @Test
    void aRestartedCompilerGetsIdenticalModulesWithoutCompilingOrStartingSwc() throws Exception {
        TypeScriptCompiler first = new TypeScriptCompiler(new CompileCache(cacheDir));
        List<CompiledModule> compiled = compileAll(first);
        assertEquals(4, first.compilations());
        assertNotNull(compiled.get(0).sourceMap());
        assertFalse(compiled.get(0).sites().isEmpty(), "the bare import's site is part of what is stored");
        assertTrue(compiled.get(2).commonJs());

        TypeScriptCompiler restarted = new TypeScriptCompiler(new CompileCache(cacheDir));
        List<CompiledModule> again = compileAll(restarted);

        assertEquals(compiled, again);
        assertEquals(0, restarted.compilations());
        assertFalse(restarted.swcStarted(), "swc4j is created only when a file really needs compiling");
    }

    @Test
    void anEntryServesTheSameContentAtAnotherPathOrInAnotherApp(@TempDir Path otherApp) throws Exception {
        CompiledModule here = new TypeScriptCompiler(new CompileCache(cacheDir)).compile(app.resolve("src/a.ts"), app, TS);

        TypeScriptCompiler restarted = new TypeScriptCompiler(new CompileCache(cacheDir));
        CompiledModule there = restarted.compile(otherApp.resolve("lib/b.ts"), otherApp, TS);

        assertEquals(here, there);
        assertEquals(0, restarted.compilations());
    }

    @Test
    void theFileTypeIsPartOfTheKey() throws Exception {
        TypeScriptCompiler first = new TypeScriptCompiler(new CompileCache(cacheDir));
        first.compile(app.resolve("a.ts"), app, "export const a = 1;\n");
        first.compile(app.resolve("a.mts"), app, "export const a = 1;\n");
        first.compile(app.resolve("a.js"), app, "export const a = 1;\n");

        assertEquals(3, first.compilations());
        assertEquals(3, entries().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "torn", "garbage", "other version", "other key", "trailing bytes"})
    void aCorruptEntryIsCompiledAgainAndRewritten(String damage) throws Exception {
        List<CompiledModule> compiled = compileAll(new TypeScriptCompiler(new CompileCache(cacheDir)));
        for (Path entry : entries()) {
            byte[] bytes = Files.readAllBytes(entry);
            Files.write(entry, switch (damage) {
                case "empty" -> new byte[0];
                case "torn" -> Arrays.copyOf(bytes, bytes.length / 2); // as a crash without the atomic rename would leave
                case "garbage" -> "not an entry at all, but long enough to read some ints from".getBytes();
                case "other version" -> { bytes[7] = 0; yield bytes; }
                case "other key" -> { bytes[13] ^= 1; yield bytes; }
                case "trailing bytes" -> Arrays.copyOf(bytes, bytes.length + 1);
                default -> throw new IllegalArgumentException(damage);
            });
        }

        TypeScriptCompiler repaired = new TypeScriptCompiler(new CompileCache(cacheDir));
        assertEquals(compiled, compileAll(repaired));
        assertEquals(4, repaired.compilations());

        TypeScriptCompiler restarted = new TypeScriptCompiler(new CompileCache(cacheDir));
        assertEquals(compiled, compileAll(restarted));
        assertEquals(0, restarted.compilations(), "the broken entries were rewritten");
    }

    @Test
    void syntaxErrorsAreNotStoredAndAlwaysNameTheFileAtHand(@TempDir Path otherApp) throws Exception {
        String broken = TS + "export const bad = 1 +;\n";
        ModuleException here = assertThrows(ModuleException.class,
                () -> new TypeScriptCompiler(new CompileCache(cacheDir)).compile(app.resolve("src/a.ts"), app, broken));
        assertEquals("src/a.ts:8:23: SyntaxError: Expression expected", here.getMessage());
        assertEquals(List.of(), entries());

        ModuleException there = assertThrows(ModuleException.class,
                () -> new TypeScriptCompiler(new CompileCache(cacheDir)).compile(otherApp.resolve("b.ts"), otherApp, broken));
        assertEquals("b.ts:8:23: SyntaxError: Expression expected", there.getMessage());
    }

    @Test
    void jsonIsOnlyCheckedNeverStored() throws Exception {
        TypeScriptCompiler compiler = new TypeScriptCompiler(new CompileCache(cacheDir));
        compiler.compile(app.resolve("data.json"), app, "{\"a\": 1}");

        assertEquals(List.of(), entries());
    }

    @Test
    void anUnwritableFolderOnlyCostsTheCache() throws Exception {
        Path notADir = Files.writeString(cacheDir.resolve("file"), "x");
        TypeScriptCompiler compiler = new TypeScriptCompiler(new CompileCache(notADir));

        assertEquals(4, compileAll(compiler).size());
        assertEquals(4, compiler.compilations());
    }

    @Test
    void aWholeGraphLoadsFromTheCacheAfterARestart() throws Exception {
        AppFiles.write(app, "src/index.ts", "import { greet } from './greet';\nexport default { fetch: () => new Response(greet('x')) };\n");
        AppFiles.write(app, "src/greet.ts", "type Name = string;\nexport function greet(name: Name): string { return `hi ${name}`; }\n");
        ModuleGraph cold = ModuleGraph.load(app, app.resolve("src/index.ts"), new TypeScriptCompiler(new CompileCache(cacheDir)));

        TypeScriptCompiler restarted = new TypeScriptCompiler(new CompileCache(cacheDir));
        ModuleGraph warm = ModuleGraph.load(app, app.resolve("src/index.ts"), restarted);

        assertEquals(cold.modules(), warm.modules());
        assertEquals(0, restarted.compilations());
        assertFalse(restarted.swcStarted());
    }

    /** A TypeScript module with a bare import, JavaScript rewritten for a JSON import, CommonJS detected and .cjs. */
    private List<CompiledModule> compileAll(TypeScriptCompiler compiler) throws ModuleException {
        return List.of(
                compiler.compile(app.resolve("src/index.ts"), app, TS),
                compiler.compile(app.resolve("src/data.js"), app, JS_WITH_JSON),
                compiler.compile(app.resolve("node_modules/dep/index.js"), app, CJS, true),
                compiler.compile(app.resolve("node_modules/dep/other.cjs"), app, CJS));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
        }
    }
}
