package io.w7s.host.module;

import java.util.List;

/**
 * One file turned into JavaScript that GraalJS can load.
 *
 * @param code      the JavaScript served to GraalJS (for a CommonJS module: the original code, which the
 *                  module graph wraps in an ES module shim once its require() calls are resolved)
 * @param sourceMap maps {@code code} back to the original file; null when {@code code} keeps the original lines (plain JS)
 * @param imports   the static imports of the original file, in source order (require("…") calls for CommonJS)
 * @param sites     where the import specifiers sit in {@code code}, so the graph can rewrite them to the
 *                  relative paths of the files they resolved to: those of bare imports, and for JavaScript
 *                  those of relative imports too (a "browser" field may remap them); empty when there are none
 * @param commonJs  true when the file is a CommonJS module (no import/export syntax, or .cjs)
 * @param commonJsExports for CommonJS: the names it assigns as {@code exports.x}, offered as named exports
 */
public record CompiledModule(String code, SourceMap sourceMap, List<ImportRef> imports, List<Site> sites, boolean commonJs,
                             List<String> commonJsExports) {
    public CompiledModule {
        imports = List.copyOf(imports);
        sites = List.copyOf(sites);
        commonJsExports = List.copyOf(commonJsExports);
    }

    public CompiledModule(String code, SourceMap sourceMap, List<ImportRef> imports, List<Site> sites, boolean commonJs) {
        this(code, sourceMap, imports, sites, commonJs, List.of());
    }

    public CompiledModule(String code, SourceMap sourceMap, List<ImportRef> imports) {
        this(code, sourceMap, imports, List.of(), false);
    }

    /** A string literal naming a module in {@code code}: UTF-16 offsets of the literal, quotes included. */
    public record Site(int start, int end, String specifier) {
    }
}
