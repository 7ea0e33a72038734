package io.w7s.host.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The last {@value #LINES_KEPT} lines each deployment logged, for the dashboard: a handler on the app log while it is
 * {@link #attach attached}. Every line gets a sequence number, so a reader can ask for what came after the last line
 * it saw ({@link #since}).
 */
public final class LogTail extends Handler {
    public static final int LINES_KEPT = 200;
    /** Longer lines are cut: the tail holds at most {@code LINES_KEPT * MAX_LINE_CHARS} characters per deployment. */
    static final int MAX_LINE_CHARS = 2000;

    /** One line: its sequence number, when it was logged (epoch ms), {@code error}/{@code warn}/{@code info}/{@code debug}, and its text. */
    public record Line(long seq, long at, String level, String text) {
    }

    /** Held: the log manager keeps loggers only weakly, and with the logger would go this handler. */
    private final Logger log = Logger.getLogger(AppLogLine.LOGGER);
    private final Map<String, ArrayDeque<Line>> byDeployment = new HashMap<>();
    private long seq;

    LogTail() {
    }

    /** A tail of the app log, receiving from now until {@link #close}. */
    public static LogTail attach() {
        LogTail tail = new LogTail();
        tail.log.addHandler(tail);
        return tail;
    }

    @Override
    public void publish(LogRecord record) {
        AppLogLine line = AppLogLine.of(record);
        if (line.deployment() == null) return;
        add(line.deployment(), record.getMillis(), level(record.getLevel()), line.lines());
    }

    synchronized void add(String deployment, long at, String level, List<String> lines) {
        ArrayDeque<Line> kept = byDeployment.computeIfAbsent(deployment, d -> new ArrayDeque<>());
        for (String text : lines) {
            if (kept.size() == LINES_KEPT) kept.removeFirst();
            String shown = text.length() <= MAX_LINE_CHARS ? text : text.substring(0, MAX_LINE_CHARS) + "… (cut)";
            kept.addLast(new Line(++seq, at, level, shown));
        }
    }

    /** The sequence number of the newest line (0 before the first). */
    public synchronized long last() {
        return seq;
    }

    /** The lines numbered after {@code seq}, by deployment, oldest first ({@code since(0)}: every line kept). */
    public synchronized Map<String, List<Line>> since(long seq) {
        Map<String, List<Line>> lines = new HashMap<>();
        byDeployment.forEach((deployment, kept) -> {
            if (kept.isEmpty() || kept.getLast().seq() <= seq) return;
            List<Line> newer = new ArrayList<>();
            for (Iterator<Line> it = kept.descendingIterator(); it.hasNext(); ) {
                Line l = it.next();
                if (l.seq() <= seq) break;
                newer.add(l);
            }
            lines.put(deployment, newer.reversed());
        });
        return lines;
    }

    static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "error";
        if (v >= Level.WARNING.intValue()) return "warn";
        if (v >= Level.INFO.intValue()) return "info";
        return "debug";
    }

    @Override
    public void flush() {
    }

    /** Stops receiving (the lines kept stay readable). */
    @Override
    public void close() {
        log.removeHandler(this);
    }
}
