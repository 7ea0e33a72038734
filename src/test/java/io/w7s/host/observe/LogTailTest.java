package io.w7s.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The app log's tail: lines by deployment from the {@code [label] } prefix, the last 200 kept, read by sequence number. */
class LogTailTest {
    static LogRecord record(Level level, String message) {
        return new LogRecord(level, message);
    }

    @Test
    void aRecordIsTakenApartIntoItsDeploymentAndUnprefixedLines() {
        AppLogLine line = AppLogLine.of(record(Level.SEVERE, "[acme/api@feature/x] Error: boom\n[acme/api@feature/x]     at f (src/a.ts:3:9)"));
        assertEquals("acme/api@feature/x", line.deployment());
        assertEquals(List.of("Error: boom", "    at f (src/a.ts:3:9)"), line.lines());

        assertEquals("a/b@main", AppLogLine.of(record(Level.INFO, "[a/b@main] [x] y")).deployment(), "the first '] ' ends the label");
        assertEquals(List.of("[x] y"), AppLogLine.of(record(Level.INFO, "[a/b@main] [x] y")).lines());
        assertEquals(List.of(""), AppLogLine.of(record(Level.INFO, "[a/b@main] ")).lines());
        assertNull(AppLogLine.of(record(Level.INFO, "host line without a prefix")).deployment());
        assertNull(AppLogLine.of(record(Level.INFO, "[not a label] text")).deployment(), "labels hold no spaces");
        assertNull(AppLogLine.of(record(Level.INFO, "[a/b@main\n] text")).deployment());
        assertNull(AppLogLine.of(record(Level.INFO, null)).deployment());
    }

    @Test
    void keepsTheLastLinesOfEachDeploymentAndHandsOutWhatCameAfterACursor() {
        LogTail tail = new LogTail();
        tail.publish(record(Level.INFO, "[a/one@production] first"));
        tail.publish(record(Level.WARNING, "[a/two@production] careful\n[a/two@production] second line"));
        tail.publish(record(Level.INFO, "no prefix: not an app's"));
        assertEquals(3, tail.last());

        Map<String, List<LogTail.Line>> all = tail.since(0);
        assertEquals(List.of("first"), all.get("a/one@production").stream().map(LogTail.Line::text).toList());
        assertEquals(List.of("careful", "second line"), all.get("a/two@production").stream().map(LogTail.Line::text).toList());
        assertEquals("warn", all.get("a/two@production").getFirst().level());

        long cursor = tail.last();
        assertEquals(Map.of(), tail.since(cursor));
        tail.publish(record(Level.SEVERE, "[a/one@production] later"));
        Map<String, List<LogTail.Line>> newer = tail.since(cursor);
        assertEquals(List.of("a/one@production"), List.copyOf(newer.keySet()));
        assertEquals("later", newer.get("a/one@production").getFirst().text());
        assertEquals("error", newer.get("a/one@production").getFirst().level());

        for (int i = 0; i < LogTail.LINES_KEPT + 50; i++) tail.publish(record(Level.INFO, "[a/one@production] line " + i));
        List<LogTail.Line> kept = tail.since(0).get("a/one@production");
        assertEquals(LogTail.LINES_KEPT, kept.size());
        assertEquals("line 50", kept.getFirst().text());
        assertEquals("line " + (LogTail.LINES_KEPT + 49), kept.getLast().text());
        assertEquals(2, tail.since(0).get("a/two@production").size(), "one deployment's lines do not push out another's");

        tail.publish(record(Level.INFO, "[a/one@production] " + "x".repeat(LogTail.MAX_LINE_CHARS + 10)));
        String cut = tail.since(tail.last() - 1).get("a/one@production").getFirst().text();
        assertTrue(cut.length() < LogTail.MAX_LINE_CHARS + 10 && cut.endsWith("(cut)"), cut.length() + "");
    }

    @Test
    void receivesTheAppLogWhileAttached() {
        Logger appLog = Logger.getLogger(AppLogLine.LOGGER);
        LogTail tail = LogTail.attach();
        try {
            appLog.info("[a/b@production] hello");
            assertEquals("hello", tail.since(0).get("a/b@production").getFirst().text());
        } finally {
            tail.close();
        }
        appLog.info("[a/b@production] after close");
        assertEquals(1, tail.since(0).get("a/b@production").size());
    }
}
