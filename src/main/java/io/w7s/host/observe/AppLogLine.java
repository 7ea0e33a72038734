package io.w7s.host.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;

/**
 * A record of the app log ({@code w7s.app}, written by {@code isolate.AppLog}) taken apart: the deployment that wrote
 * it and its lines without their {@code [owner/repo@environment] } prefix — from the record's fields when it is a
 * {@link io.w7s.host.web.CorrelatedRecord} (what {@code AppLog} writes), else read off the prefix.
 *
 * @param deployment the label, or null when the record has no prefix (not written by an app)
 * @param lines      the text, one entry per line
 */
public record AppLogLine(String deployment, List<String> lines) {
    /** The logger every app writes to ({@code isolate.AppLog}). */
    public static final String LOGGER = "w7s.app";

    public static AppLogLine of(LogRecord record) {
        if (record instanceof io.w7s.host.web.CorrelatedRecord c && c.deployment() != null && c.text() != null) {
            return new AppLogLine(c.deployment(), List.of(c.text().split("\n", -1))); // the fields the app log sets
        }
        String message = record.getMessage() == null ? "" : record.getMessage();
        String label = label(message);
        String prefix = label == null ? null : "[" + label + "] ";
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\n", -1)) {
            lines.add(prefix != null && line.startsWith(prefix) ? line.substring(prefix.length()) : line);
        }
        return new AppLogLine(label, List.copyOf(lines));
    }

    /** The label of {@code [label] text}: labels hold no spaces (environment names cannot), so the first {@code "] "} ends it. */
    static String label(String message) {
        if (!message.startsWith("[")) return null;
        int end = message.indexOf("] ");
        int eol = message.indexOf('\n');
        if (end < 2 || (eol >= 0 && end > eol)) return null;
        String label = message.substring(1, end);
        return label.contains(" ") ? null : label;
    }
}
