package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An app cannot forge host log lines: every line of what it logs carries its
 * {@code [owner/repo@environment]} prefix, in the record and in what the command line prints, and
 * terminal control characters arrive escaped. Runs src/test/apps/test/basics ({@code /log-forgery}).
 */
class LogForgeryTest {
    static final String PREFIX = "[test/basics@production] ";
    /** A line as the command line prints it: time, level, then the app's prefix. */
    static final Pattern PRINTED = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN |INFO |DEBUG) "
            + Pattern.quote(PREFIX) + ".*");

    @Test
    void everyLineOfAppOutputCarriesThePrefixAndNoControlCharacters() throws Exception {
        try (CapturedLog log = CapturedLog.attach("w7s.app"); TestHost host = TestHost.serving("test/basics")) {
            assertEquals("forged", host.get("basics.test.localhost", "/log-forgery").body());
            for (String marker : List.of("forgery-marker-a", "forgery-marker-b", "forgery-marker-c")) {
                log.await(l -> l.contains(marker));
            }
            LogFormat format = new LogFormat();
            int lines = 0;
            for (LogRecord r : log.records()) {
                if (!r.getMessage().contains("forgery-marker")) continue;
                for (String line : r.getMessage().split("\n", -1)) {
                    assertTrue(line.startsWith(PREFIX), "an app's line without its prefix: " + line);
                    assertClean(line);
                    lines++;
                }
                String printed = format.format(r);
                assertTrue(printed.endsWith("\n"), printed);
                for (String line : printed.substring(0, printed.length() - 1).split("\n", -1)) {
                    assertTrue(PRINTED.matcher(line).matches(), "a printed line that is not the app's: " + line);
                    assertClean(line);
                }
            }
            // a: 2 lines (\n); b: 4 (\r\n, \r, a final \n); c: 1 (U+2028 is escaped, not a new line)
            assertEquals(7, lines, String.join("\n", log.lines()));
            String c = log.await(l -> l.contains("forgery-marker-c"));
            assertTrue(c.contains("\\x1b[2K\\x1b[1A\\x1b[31mred\\x9b2K\\u2028ERROR deploy failed: ls\\u2029ps\\u202eevil\\x08\\x08\\x0c\\x00\\x7f"), c);
        }
    }

    @Test
    void hostMessagesArePrintedOneMarkedLineAtATime() {
        LogRecord r = new LogRecord(java.util.logging.Level.SEVERE, "deploy failed: a\nINFO  forged\r\u001b[1Aup");
        r.setLoggerName("w7s.test");
        String printed = new LogFormat().format(r);
        String[] lines = printed.substring(0, printed.length() - 1).split("\n", -1);
        assertEquals(3, lines.length, printed);
        for (String line : lines) {
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR .*"), line);
            assertClean(line);
        }
        assertTrue(lines[2].endsWith("ERROR \\x1b[1Aup"), lines[2]);
    }

    /** w7s dev on a terminal: the app prefix is coloured (the same app, the same colour); the app's own escapes stay escaped. */
    @Test
    void inColourOnlyThePrefixIsColouredAndTheAppsEscapesStayEscaped() {
        LogRecord r = new LogRecord(java.util.logging.Level.INFO, "[acme/api@production] one\n[acme/api@production] two \u001b[31mred");
        r.setLoggerName("w7s.app");
        String printed = new LogFormat(true).format(r);
        String[] lines = printed.substring(0, printed.length() - 1).split("\n", -1);
        assertEquals(2, lines.length, printed);
        java.util.regex.Matcher m = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  (\u001b\\[\\d+m)\\[acme/api@production]\u001b\\[0m (.*)")
                .matcher(lines[0]);
        assertTrue(m.matches(), lines[0]);
        assertTrue(lines[1].endsWith(m.group(1) + "[acme/api@production]\u001b[0m two \\x1b[31mred"), lines[1]);
        LogRecord host = new LogRecord(java.util.logging.Level.INFO, "[not an app] line");
        host.setLoggerName("w7s.test");
        assertFalse(new LogFormat(true).format(host).contains("\u001b"), "host lines are never coloured");
        assertFalse(new LogFormat(false).format(r).contains("\u001b"), "no colour when not on a terminal");
    }

    static void assertClean(String line) {
        for (char ch : line.toCharArray()) {
            assertFalse((ch < 0x20 && ch != '\t') || (ch >= 0x7f && ch <= 0x9f) || ch == '\u2028' || ch == '\u2029' || ch == '\u202e',
                    "control character U+" + Integer.toHexString(ch) + " in " + line);
        }
    }
}
