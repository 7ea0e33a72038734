package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeScriptTest {
    static final TypeScriptCompiler COMPILER = ModuleGraphTest.COMPILER;

    /** Type-only code that swc removes, so generated lines differ from original ones. */
    static final String TYPES = """
            interface Env {
              GREETING: string;
              COUNT: number;
            }
            type Handler = {
              fetch(request: unknown, env: Env): Promise<unknown>;
            };
            const label: string = "héllo 日本 😀";
            """; // 8 lines

    @TempDir
    Path app;

    @Test
    void syntaxErrorIsReportedAtTheOriginalLineAndColumn() {
        write(app, "src/index.ts", TYPES + """
                export default {
                  fetch(): number { const label2 = "😀😀"; return 1 +; },
                };
                """);

        ModuleException e = assertThrows(ModuleException.class,
                () -> ModuleGraph.load(app, app.resolve("src/index.ts"), COMPILER));

        assertEquals(Path.of("src/index.ts"), e.file());
        assertEquals(10, e.line());
        // Columns count characters (code points): '😀' is one column, not two UTF-16 units or four bytes.
        assertEquals(52, e.column());
        assertEquals("src/index.ts:10:52: SyntaxError: Expression expected", e.getMessage());
    }

    @Test
    void importPositionsCountCharactersAfterNonAsciiText() {
        write(app, "index.ts", TYPES + "const s = \"é😀\"; import(\"./missing\");\nexport default {};");

        ModuleException e = assertThrows(ModuleException.class,
                () -> ModuleGraph.load(app, app.resolve("index.ts"), COMPILER));

        assertEquals(9, e.line());
        assertEquals(17, e.column());
        assertTrue(e.reason().startsWith("cannot resolve import './missing'"), e.reason());
    }

    @Test
    void runtimeErrorStackMapsToTheOriginalTypeScriptLine() throws Exception {
        writeFailingApp();
        assertStackMapsToTypeScript(ModuleGraph.load(app, app.resolve("src/index.ts"), COMPILER));
    }

    @Test
    void stackStillMapsToTheTypeScriptLineAfterARestartServedFromTheDiskCache(@TempDir Path cacheDir) throws Exception {
        writeFailingApp();
        ModuleGraph.load(app, app.resolve("src/index.ts"), new TypeScriptCompiler(new CompileCache(cacheDir)));

        TypeScriptCompiler restarted = new TypeScriptCompiler(new CompileCache(cacheDir));
        ModuleGraph graph = ModuleGraph.load(app, app.resolve("src/index.ts"), restarted);

        assertEquals(0, restarted.compilations());
        assertStackMapsToTypeScript(graph);
    }

    private void writeFailingApp() {
        write(app, "src/index.ts", TYPES + """
                import { fail } from "./fail";
                const handler: Handler = {
                  fetch(request: unknown, env: Env): Promise<unknown> {
                    return fail(env.GREETING);
                  },
                };
                export default handler;
                """);
        write(app, "src/fail.ts", """
                type Reason = string;
                interface Unused {
                  x: number;
                }
                export function fail(reason: Reason): never {
                  const message: string = `failed: ${reason}`;
                  throw new Error(message);
                }
                """);
    }

    private static void assertStackMapsToTypeScript(ModuleGraph graph) {
        // swc dropped the types: the throw is no longer on line 7 of the generated code.
        String generated = graph.modules().get(graph.root().resolve("src/fail.ts")).code();
        assertNotEquals(7, lineOf(generated, "throw new Error"));

        try (Context context = Js.context(graph)) {
            Value handler = context.eval(graph.entrySource()).getMember("default");
            Value env = context.eval("js", "({ GREETING: 'hi' })");
            PolyglotException e = assertThrows(PolyglotException.class,
                    () -> context.eval("js", "(h, env) => { try { return h.fetch(null, env); } catch (e) { globalThis.stack = e.stack; throw e; } }")
                            .execute(handler, env));
            String stack = context.eval("js", "globalThis.stack").asString();

            String mapped = graph.mapStackTrace(stack);

            assertTrue(mapped.contains("(src/fail.ts:7:"), mapped);
            assertTrue(mapped.contains("(src/index.ts:12:"), mapped);
            assertTrue(!mapped.contains(graph.root().toString()), mapped);
            // Only paths of the graph are mapped, and only where a path starts (a URL's path is left alone).
            assertEquals("see https://example.com/src/fail.ts:7:9 and lib/src/fail.ts:7:9",
                    graph.mapStackTrace("see https://example.com/src/fail.ts:7:9 and lib/src/fail.ts:7:9"));

            // The innermost guest frame of the PolyglotException is the throw in fail.ts.
            SourceSection at = null;
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                    at = frame.getSourceLocation();
                    break;
                }
            }
            assertEquals("src/fail.ts:7:9", graph.describe(at.getSource().getPath(), at.getStartLine(), at.getStartColumn()));
            assertEquals("src/fail.ts:7:9", graph.describe(at));
        }
    }

    @Test
    void transpileOutputIsCachedByContentHash() throws Exception {
        Path file = app.resolve("a.ts");
        String source = TYPES + "export const x: number = 1;\n";
        long before = COMPILER.compilations();

        CompiledModule first = COMPILER.compile(file, app, source);
        CompiledModule again = COMPILER.compile(app.resolve("elsewhere/b.ts"), app, source);
        CompiledModule changed = COMPILER.compile(file, app, source + "export const y = 2;\n");

        assertSame(first, again);
        assertEquals(before + 2, COMPILER.compilations());
        assertTrue(changed.code().contains("y = 2"), changed.code());
        assertTrue(!first.code().contains("interface"), first.code());
    }

    @Test
    void typeOnlyImportsAreNotLoaded() throws Exception {
        write(app, "index.ts", "import type { T } from './types-only';\nexport type { U } from './nowhere';\nconst t: T = 1;\nexport default { t };");

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("index.ts"), COMPILER);

        assertEquals(1, graph.modules().size());
        assertEquals("{\"t\":1}", Js.defaultExportJson(graph));
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        return -1;
    }
}
