package io.w7s.host.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per record ({@code 12:00:01.123 INFO  message}); Helidon's own chatter only from WARNING up. */
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
        StringBuilder sb = new StringBuilder()
                .append(LocalTime.now().format(TIME)).append(' ').append(level).append(' ')
                .append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            sb.append(w);
        }
        return sb.toString();
    }
}
