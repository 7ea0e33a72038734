package io.w7s.host.cli;

import io.w7s.host.isolate.LogText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code 12:00:01.123 INFO  message}: every line of a record (a multi-line message, a stack trace)
 * carries the time and level, and control characters are escaped ({@link LogText}), so no text in
 * a message can make a line that looks like another record. Helidon's own chatter only from WARNING up.
 */
final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** JUL keeps loggers weakly: hold the one whose level we set. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    static void install() {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new LogFormat());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        HELIDON.setLevel(Level.WARNING);
    }

    @Override
    public String format(LogRecord r) {
        String level = switch (r.getLevel().intValue()) {
            case 1000 -> "ERROR";
            case 900 -> "WARN ";
            case 800 -> "INFO ";
            default -> "DEBUG";
        };
        String text = formatMessage(r);
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            text = text + "\n" + w.toString().stripTrailing();
        }
        return LogText.prefixLines(LocalTime.now().format(TIME) + " " + level + " ", text) + "\n";
    }
}
