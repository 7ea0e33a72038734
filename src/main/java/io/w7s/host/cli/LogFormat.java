package io.w7s.host.cli;

import io.w7s.host.isolate.LogText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * {@code 12:00:01.123 INFO  message} ({@code --log-format text}, the default): every line of a record (a
 * multi-line message, a stack trace) carries the time and level, and control characters are escaped
 * ({@link LogText}), so no text in a message can make a line that looks like another record.
 */
final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final boolean colour;

    LogFormat() {
        this(false);
    }

    LogFormat(boolean colour) {
        this.colour = colour;
    }

    /** ANSI colours for app prefixes, chosen by the app's label so an app keeps its colour across reloads. */
    private static final String[] COLOURS = {"\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m", "\u001b[91m"};

    /**
     * Colours the {@code [owner/repo@env]} that follows the first {@code skip} characters of every line of an
     * app record. Safe: the text was escaped before ({@link LogText}), so the only escape sequences are ours.
     */
    private static String coloured(String text, int skip) {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        for (String line : text.split("\n", -1)) {
            if (!sb.isEmpty()) sb.append('\n');
            int end = line.startsWith("[", skip) ? line.indexOf("] ", skip) : -1;
            if (end < 0) {
                sb.append(line);
                continue;
            }
            String label = line.substring(skip, end + 1);
            sb.append(line, 0, skip).append(COLOURS[Math.floorMod(label.hashCode(), COLOURS.length)]).append(label).append("\u001b[0m")
                    .append(line, end + 1, line.length());
        }
        return sb.toString();
    }

    /** The level as both formats name it: ERROR, WARN, INFO, or DEBUG for anything finer. */
    static String levelName(Level level) {
        return switch (level.intValue()) {
            case 1000 -> "ERROR";
            case 900 -> "WARN";
            case 800 -> "INFO";
            default -> "DEBUG";
        };
    }

    @Override
    public String format(LogRecord r) {
        String level = String.format("%-5s", levelName(r.getLevel()));
        String text = formatMessage(r);
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            text = text + "\n" + w.toString().stripTrailing();
        }
        String prefix = LocalTime.now().format(TIME) + " " + level + " ";
        String lines = LogText.prefixLines(prefix, text);
        return (colour && "w7s.app".equals(r.getLoggerName()) ? coloured(lines, prefix.length()) : lines) + "\n";
    }
}
