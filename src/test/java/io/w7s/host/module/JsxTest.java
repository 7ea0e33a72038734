package io.w7s.host.module;

import static io.w7s.host.module.AppFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .tsx and .jsx files: JSX compiled as the app's tsconfig.json says, resolution, errors, cache keys. */
class JsxTest {
    static final TypeScriptCompiler COMPILER = ModuleGraphTest.COMPILER;

    /** A tiny classic-runtime factory that renders elements to HTML strings. */
    static final String STRING_FACTORY = """
            export const Fragment = Symbol("fragment");
            export function h(type: any, props: any, ...children: any[]): string {
              const inner = children.flat().join("");
              if (type === Fragment) return inner;
              if (typeof type === "function") return type({ ...props, children: inner });
              const attrs = Object.entries(props ?? {}).map(([k, v]) => ` ${k}="${v}"`).join("");
              return `<${type}${attrs}>${inner}</${type}>`;
            }
            """;

    @TempDir
    Path app;

    String run(String entry) throws ModuleException {
        return Js.defaultExportJson(ModuleGraph.load(app, app.resolve(entry), COMPILER));
    }

    @Test
    void classicRuntimeCallsTheTsconfigFactoryAndTsxIsFoundWithoutExtension() throws Exception {
        // tsconfig.json with comments and a trailing comma, as TypeScript accepts it.
        write(app, "tsconfig.json", """
                {
                  // classic runtime with a local factory
                  "compilerOptions": { "jsx": "react", "jsxFactory": "h", "jsxFragmentFactory": "Fragment", },
                }
                """);
        write(app, "src/h.ts", STRING_FACTORY);
        write(app, "src/Greeting.tsx", """
                import { h, Fragment } from "./h";
                type Props = { name: string };
                export const Greeting = ({ name }: Props) => <p class="greet"><>Hello, {name}!</></p>;
                """);
        write(app, "src/index.ts", """
                import { h } from "./h";
                import { Greeting } from "./Greeting";
                export default { html: Greeting({ name: "W7S" }) };
                """);

        assertEquals("{\"html\":\"<p class=\\\"greet\\\">Hello, W7S!</p>\"}", run("src/index.ts"));
    }

    @Test
    void jsxFileWithoutTsconfigUsesReactCreateElement() throws Exception {
        write(app, "index.jsx", """
                const React = {
                  Fragment: "#fragment",
                  createElement: (type, props, ...children) => ({ type, props, children }),
                };
                export default { tree: <ul id="l"><li>one</li><>two</></ul> };
                """);

        assertEquals("{\"tree\":{\"type\":\"ul\",\"props\":{\"id\":\"l\"},\"children\":[{\"type\":\"li\",\"props\":null,"
                + "\"children\":[\"one\"]},{\"type\":\"#fragment\",\"props\":null,\"children\":[\"two\"]}]}}", run("index.jsx"));
    }

    @Test
    void automaticRuntimeImportsJsxRuntimeFromTheImportSourcePackage() throws Exception {
        write(app, "tsconfig.json", "{\"compilerOptions\": {\"jsx\": \"react-jsx\", \"jsxImportSource\": \"tiny-jsx\"}}");
        write(app, "node_modules/tiny-jsx/package.json", "{\"type\": \"module\"}");
        write(app, "node_modules/tiny-jsx/jsx-runtime.js", """
                export const Fragment = "#fragment";
                export function jsx(type, props) { return { type, children: props.children }; }
                export { jsx as jsxs };
                """);
        write(app, "src/index.tsx", "const who: string = \"you\";\nexport default { tree: <b>hi {who}</b> };\n");

        ModuleGraph graph = ModuleGraph.load(app, app.resolve("src/index.tsx"), COMPILER);

        assertEquals("{\"tree\":{\"type\":\"b\",\"children\":[\"hi \",\"you\"]}}", Js.defaultExportJson(graph));
        String code = graph.modules().get(graph.entry()).code();
        assertTrue(code.contains("\"../node_modules/tiny-jsx/jsx-runtime.js\""), code);
    }

    @Test
    void missingJsxRuntimeIsADeployErrorAtTheFirstElementSayingWhereItComesFrom() {
        write(app, "tsconfig.json", "{\"compilerOptions\": {\"jsx\": \"react-jsx\", \"jsxImportSource\": \"hono/jsx\"}}");
        write(app, "src/index.tsx", "// header\nexport default {\n  page: () => <div/>,\n};\n");

        ModuleException e = assertThrows(ModuleException.class, () -> ModuleGraph.load(app, app.resolve("src/index.tsx"), COMPILER));

        assertTrue(e.getMessage().startsWith("src/index.tsx:3:15: cannot find package 'hono' (imported as 'hono/jsx/jsx-runtime')"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(the JSX runtime, imported for the JSX of this file as compilerOptions.jsx and "
                + "jsxImportSource in tsconfig.json say)"), e.getMessage());
    }

    @Test
    void syntaxErrorInTsxIsReportedAtTheOriginalPosition() {
        write(app, "src/App.tsx", "type P = { a: number };\nexport const App = (p: P) => <div>{p.a}</span>;\n");
        write(app, "src/index.ts", "import { App } from \"./App\";\nexport default { App };\n");

        ModuleException e = assertThrows(ModuleException.class, () -> ModuleGraph.load(app, app.resolve("src/index.ts"), COMPILER));

        assertEquals(Path.of("src/App.tsx"), e.file());
        assertEquals(2, e.line());
        assertEquals("src/App.tsx:2:42: SyntaxError: Expected corresponding JSX closing tag for <div>", e.getMessage());
    }

    @Test
    void invalidTsconfigIsADeployErrorNamingTheFileAndPosition() {
        write(app, "tsconfig.json", "{\n  \"compilerOptions\": {\n    \"jsx\": react-jsx\n  }\n}\n");
        write(app, "index.tsx", "export default { x: <a/> };");

        ModuleException e = assertThrows(ModuleException.class, () -> ModuleGraph.load(app, app.resolve("index.tsx"), COMPILER));

        assertEquals(Path.of("tsconfig.json"), e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("tsconfig.json:3:"), e.getMessage());
        assertTrue(e.reason().startsWith("tsconfig.json is not valid JSON (comments and trailing commas are fine): "), e.getMessage());
    }

    @Test
    void preservedJsxCannotRunAndSaysWhatToUse() {
        write(app, "tsconfig.json", "{\"compilerOptions\": {\"jsx\": \"preserve\"}}");
        write(app, "index.tsx", "export default { x: <a/> };");

        ModuleException e = assertThrows(ModuleException.class, () -> ModuleGraph.load(app, app.resolve("index.tsx"), COMPILER));

        assertTrue(e.getMessage().startsWith("tsconfig.json:1:1: compilerOptions.jsx \"preserve\" is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("use \"react-jsx\""), e.getMessage());
    }

    @Test
    void appsWithoutJsxIgnoreTheirTsconfig() throws Exception {
        write(app, "tsconfig.json", "this is not json");
        write(app, "index.ts", "export default { ok: true };");

        assertEquals("{\"ok\":true}", run("index.ts"));
    }

    @Test
    void jsxOptionsArePartOfTheCompileCacheKey() throws Exception {
        TypeScriptCompiler compiler = new TypeScriptCompiler();
        Path file = write(app, "App.tsx", "export const x = <a/>;");
        String source = "export const x = <a/>;";

        CompiledModule classic = compiler.compile(file, app, source, false, JsxOptions.classic("h", "F"));
        CompiledModule automatic = compiler.compile(file, app, source, false, JsxOptions.automatic("hono/jsx", false));
        CompiledModule classicAgain = compiler.compile(file, app, source, false, JsxOptions.classic("h", "F"));

        assertEquals(2, compiler.compilations());
        assertTrue(classic.code().contains("h(\"a\""), classic.code());
        assertTrue(automatic.code().contains("hono/jsx/jsx-runtime"), automatic.code());
        assertNotEquals(classic.code(), automatic.code());
        assertEquals(classic, classicAgain);
    }
}
