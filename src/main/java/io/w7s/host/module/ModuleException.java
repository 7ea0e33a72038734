package io.w7s.host.module;

import java.nio.file.Path;

/**
 * A deploy-time problem in an app's code, located in the ORIGINAL source (.ts, not the transpiled JS).
 * The message reads {@code src/index.ts:12:5: reason}: path relative to the app root, 1-based line and
 * column (columns count Unicode code points), so an editor can jump straight to it.
 */
public final class ModuleException extends Exception {
    private final Path file;
    private final int line;
    private final int column;
    private final String reason;

    /** {@code file} is relative to the app root. */
    public ModuleException(Path file, int line, int column, String reason) {
        super(format(file, line, column) + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    static String format(Path file, int line, int column) {
        return slashes(file) + ":" + line + ":" + column;
    }

    /** Paths in messages always use '/', whatever the OS. */
    static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    public Path file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    public String reason() { return reason; }
}
