package io.w7s.host.module;

/**
 * One static import found in a module's original source: {@code import … from}, {@code export … from},
 * {@code export * from}, {@code import("literal")} or, in a CommonJS module, {@code require("literal")}.
 * The position is that of the statement (or call) in the original file, so errors about it need no
 * source map.
 *
 * @param require true for a CommonJS {@code require("…")} call (resolved with the "require" condition)
 */
public record ImportRef(String specifier, int line, int column, boolean dynamic, boolean require) {
    public ImportRef(String specifier, int line, int column, boolean dynamic) {
        this(specifier, line, column, dynamic, false);
    }

    /** Not "./x", "../x": a package name ("hono", "@scope/pkg/sub") or a package import ("#internal"). */
    boolean bare() {
        return !(specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".") || specifier.equals(".."));
    }
}
