package io.w7s.host.cli;

/** A command cannot go on; its message is printed after the command's name. */
final class CliException extends Exception {
    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage error (exit 2). */
    static CliException usage(String message) {
        return new CliException(message, 2);
    }

    int exitCode() {
        return exitCode;
    }
}
