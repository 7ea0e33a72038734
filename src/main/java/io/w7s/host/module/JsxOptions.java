package io.w7s.host.module;

import com.caoccao.javet.swc4j.options.Swc4jJsxRuntimeOption;

/**
 * How JSX in .tsx/.jsx files becomes JavaScript, from the app's tsconfig.json ({@link TsConfig}).
 * <ul>
 * <li>automatic runtime ({@code "jsx": "react-jsx"}): {@code <a/>} becomes {@code jsx("a", {})}, imported
 *     from {@code <importSource>/jsx-runtime} (Hono's Workers template: {@code "jsxImportSource": "hono/jsx"});</li>
 * <li>classic runtime ({@code "jsx": "react"}, also the default, as in esbuild and swc): {@code <a/>} becomes
 *     {@code React.createElement("a", null)}, or the {@code jsxFactory}, which the file must have in scope.</li>
 * </ul>
 *
 * @param automatic   true for the automatic runtime, false for the classic one
 * @param development automatic runtime only: import jsxDEV from {@code jsx-dev-runtime} ({@code "react-jsxdev"})
 * @param importSource automatic runtime only: the package the runtime is imported from
 * @param factory      classic runtime only: the function called for an element
 * @param fragmentFactory classic runtime only: what {@code <>…</>} passes as the element type
 */
record JsxOptions(boolean automatic, boolean development, String importSource, String factory, String fragmentFactory) {
    /** No tsconfig.json, or one without "jsx": the classic runtime with React's names. */
    static final JsxOptions DEFAULT = classic("React.createElement", "React.Fragment");

    static JsxOptions automatic(String importSource, boolean development) {
        return new JsxOptions(true, development, importSource, null, null);
    }

    static JsxOptions classic(String factory, String fragmentFactory) {
        return new JsxOptions(false, false, null, factory, fragmentFactory);
    }

    /** Part of the compile cache key of .tsx/.jsx files: the same content compiles differently under other options. */
    String cacheKey() {
        return automatic ? "jsx-automatic:" + development + ":" + importSource : "jsx-classic:" + factory + ":" + fragmentFactory;
    }

    Swc4jJsxRuntimeOption toSwc() {
        return automatic ? Swc4jJsxRuntimeOption.Automatic(development, importSource)
                : Swc4jJsxRuntimeOption.Classic(factory, fragmentFactory);
    }
}
