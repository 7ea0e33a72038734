package io.w7s.host.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends the host's log to stderr in the format {@code --log-format} chose; Helidon's own chatter only from WARNING up. */
final class LogOutput {
    /** JUL keeps loggers weakly: hold the one whose level we set. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    /** The values of {@code --log-format}. */
    enum Format {
        /** Lines for people ({@link LogFormat}). */
        TEXT,
        /** One JSON object per line, for log collectors ({@link JsonLogFormat}). */
        JSON;

        /** The option's value; null when it is not one of {@link #names()}. */
        static Format of(String value) {
            for (Format f : values()) if (f.name().toLowerCase(Locale.ROOT).equals(value)) return f;
            return null;
        }

        static String names() {
            return java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    private LogOutput() {
    }

    /** @param dev development mode: in text, each app's log prefix gets its own colour when stderr is a terminal */
    static void install(Format format, boolean dev) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler console = new ConsoleHandler();
        boolean colour = dev && System.console() != null && System.console().isTerminal();
        console.setFormatter(format == Format.JSON ? new JsonLogFormat() : new LogFormat(colour));
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        HELIDON.setLevel(Level.WARNING);
    }
}
