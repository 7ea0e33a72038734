package io.w7s.host.module;

import java.nio.file.Path;

/** What a module file is, by its extension. */
enum SourceKind {
    TYPESCRIPT, JAVASCRIPT, JSON;

    /** null when the file is not a module we can load. */
    static SourceKind of(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".d.ts")) return null;
        if (name.endsWith(".ts") || name.endsWith(".mts") || name.endsWith(".cts")) return TYPESCRIPT;
        if (name.endsWith(".js") || name.endsWith(".mjs") || name.endsWith(".cjs")) return JAVASCRIPT;
        if (name.endsWith(".json")) return JSON;
        return null;
    }
}
