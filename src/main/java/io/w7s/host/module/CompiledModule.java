package io.w7s.host.module;

import java.util.List;

/**
 * One file turned into ES module JavaScript that GraalJS can load.
 *
 * @param code      the JavaScript served to GraalJS
 * @param sourceMap maps {@code code} back to the original file; null when {@code code} keeps the original lines (plain JS)
 * @param imports   the static imports of the original file, in source order
 */
public record CompiledModule(String code, SourceMap sourceMap, List<ImportRef> imports) {
    public CompiledModule {
        imports = List.copyOf(imports);
    }
}
