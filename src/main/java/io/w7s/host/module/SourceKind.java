package io.w7s.host.module;

import java.nio.file.Path;

/** What a module file is, by its extension. */
enum SourceKind {
    /** .ts, .mts, .cts, .tsx: transpiled by swc. */
    TYPESCRIPT,
    /** .jsx: JavaScript, but transpiled by swc, which turns its JSX into function calls. */
    JSX,
    /** .js, .mjs, .cjs: only parsed, so the code (and its line numbers) stays as written. */
    JAVASCRIPT,
    JSON;

    /** The extensions of module files, for error messages. */
    static final String EXTENSIONS = ".ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs or .json";

    /** null when the file is not a module we can load. */
    static SourceKind of(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".d.ts")) return null;
        if (name.endsWith(".ts") || name.endsWith(".tsx") || name.endsWith(".mts") || name.endsWith(".cts")) return TYPESCRIPT;
        if (name.endsWith(".jsx")) return JSX;
        if (name.endsWith(".js") || name.endsWith(".mjs") || name.endsWith(".cjs")) return JAVASCRIPT;
        if (name.endsWith(".json")) return JSON;
        return null;
    }

    /** Whether the file may contain JSX, so its compilation depends on the app's {@link JsxOptions}. */
    static boolean hasJsx(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tsx") || name.endsWith(".jsx");
    }
}
