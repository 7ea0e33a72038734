package io.w7s.host.module;

/**
 * One static import found in a module's original source: {@code import … from}, {@code export … from},
 * {@code export * from} or {@code import("literal")}. The position is that of the statement in the
 * original file, so errors about it need no source map.
 */
public record ImportRef(String specifier, int line, int column, boolean dynamic) {
}
