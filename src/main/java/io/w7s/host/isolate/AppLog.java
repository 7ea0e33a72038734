package io.w7s.host.isolate;

import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The log of one isolate: every line is prefixed with {@code owner/repo@environment}. */
final class AppLog {
    /** The logger apps write to; tests attach a handler here to read what an app logged. */
    static final Logger LOGGER = Logger.getLogger("w7s.app");

    private final String prefix;
    private final UnaryOperator<String> stackMapper;

    AppLog(String label, UnaryOperator<String> stackMapper) {
        this.prefix = "[" + label + "] ";
        this.stackMapper = stackMapper;
    }

    void log(String level, String text) {
        Level l = switch (level) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
        if (LOGGER.isLoggable(l)) LOGGER.log(l, prefix + stackMapper.apply(text));
    }

    void error(String text) {
        log("error", text);
    }
}
