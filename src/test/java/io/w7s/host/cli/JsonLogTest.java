package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.web.AccessLog;
import io.w7s.host.web.CorrelatedRecord;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format json}: every record is one line that parses as a JSON object, whatever its text holds, and
 * carries the deployment, request id, trace id and span id it knows. Formats records the host makes.
 */
class JsonLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Correlation TRACED = new Correlation("00f067aa0ba902b7", "4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8", true);

    /** The one line {@code record} becomes, parsed; fails unless it is exactly one line holding one JSON object. */
    static JsonNode line(LogRecord record) throws Exception {
        String printed = new JsonLogFormat().format(record);
        assertTrue(printed.endsWith("\n"), printed);
        String line = printed.substring(0, printed.length() - 1);
        assertFalse(line.contains("\n") || line.contains("\r"), "one line: " + printed);
        LogForgeryTest.assertClean(line);
        JsonNode node = JSON.readTree(line);
        assertTrue(node.isObject(), line);
        return node;
    }

    @Test
    void aHostRecordIsOneLineWithTimeLevelLoggerMessageAndError() throws Exception {
        LogRecord r = new LogRecord(Level.SEVERE, "deploy failed: a\nINFO  forged\r\u001b[1Aup \"quoted\" \\ \u009b2K\u2028\u202eevil\u007f");
        r.setLoggerName("io.w7s.host.Host");
        r.setThrown(new IllegalStateException("boom"));
        JsonNode n = line(r);
        assertEquals(r.getMessage(), n.get("message").asText(), "the text comes back as it was; JSON escapes it");
        assertEquals("ERROR", n.get("level").asText());
        assertEquals("io.w7s.host.Host", n.get("logger").asText());
        assertEquals(r.getInstant().truncatedTo(ChronoUnit.MILLIS), Instant.parse(n.get("ts").asText()));
        assertTrue(n.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), n.get("ts").asText());
        assertTrue(n.get("error").asText().startsWith("java.lang.IllegalStateException: boom\n\tat "), n.get("error").asText());
        for (String absent : List.of("deployment", "requestId", "traceId", "spanId", "kind")) assertNull(n.get(absent), absent);
    }

    @Test
    void levelsAreNamedAsInTheTextFormat() throws Exception {
        for (var level : List.of(List.of(Level.SEVERE, "ERROR"), List.of(Level.WARNING, "WARN"), List.of(Level.INFO, "INFO"),
                List.of(Level.FINE, "DEBUG"))) {
            assertEquals(level.get(1), line(new LogRecord((Level) level.get(0), "x")).get("level").asText());
        }
        LogRecord zeroMillis = new LogRecord(Level.INFO, "x");
        zeroMillis.setInstant(Instant.parse("2026-12-01T03:00:00Z"));
        assertEquals("2026-12-01T03:00:00.000Z", line(zeroMillis).get("ts").asText(), "always milliseconds");
    }

    @Test
    void anAppRecordGivesItsTextWithoutThePrefixAndItsDeploymentRequestTraceAndSpan() throws Exception {
        String text = "line one\nline two \u001b[31mred";
        CorrelatedRecord r = new CorrelatedRecord(Level.INFO, "w7s.app",
                "[acme/api@production] line one\n[acme/api@production] line two \\x1b[31mred", "acme/api@production", TRACED, text);
        JsonNode n = line(r);
        assertEquals(text, n.get("message").asText(), "a multi-line text stays one JSON line, without the prefix");
        assertEquals("acme/api@production", n.get("deployment").asText());
        assertEquals("00f067aa0ba902b7", n.get("requestId").asText());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", n.get("traceId").asText());
        assertEquals("53995c3f42cd8ad8", n.get("spanId").asText());
        assertEquals("w7s.app", n.get("logger").asText());

        JsonNode untraced = line(new CorrelatedRecord(Level.INFO, "w7s.app", "[acme/api@production] x", "acme/api@production",
                Correlation.newRequest(), "x"));
        assertTrue(untraced.get("requestId").asText().matches("[0-9a-f]{16}"), untraced.toString());
        assertNull(untraced.get("traceId"), "no trace id while tracing is off");
        assertNull(untraced.get("spanId"));
        JsonNode background = line(new CorrelatedRecord(Level.WARNING, "w7s.app", "[acme/api@production] x", "acme/api@production", null, "x"));
        assertNull(background.get("requestId"), "work outside a request has no request id");
        assertEquals("acme/api@production", background.get("deployment").asText());
    }

    @Test
    void accessRecordsGiveTheirPartsAsFieldsAndTheTraceOfTheRequest() throws Exception {
        WebRequest call = new WebRequest("POST", "https://w7s.internal/orders/7?token=sekrit#top",
                Headers.ofFlat(new String[] {"authorization", "Bearer sk-token"}), null, null, TRACED);
        try (CapturedLog log = CapturedLog.attach("w7s.access")) {
            AccessLog.ON.rpcCall("acme/web", "acme/api@staging", call, 201, System.nanoTime());
            AccessLog.ON.publicRequest("acme/web", new WebRequest("GET", "http://web.acme.localhost:8080/?q=1", Headers.empty(), null),
                    200, System.nanoTime());
            AccessLog.OFF.publicRequest("acme/off", call, 200, System.nanoTime());
            List<LogRecord> records = log.records();
            assertEquals(2, records.size(), log.lines().toString());

            JsonNode rpc = line(records.get(0));
            assertEquals("rpc", rpc.get("kind").asText());
            assertEquals("acme/web", rpc.get("caller").asText());
            assertEquals("acme/api@staging", rpc.get("target").asText());
            assertEquals("POST", rpc.get("method").asText());
            assertEquals("/orders/7", rpc.get("path").asText(), "no query, no fragment");
            assertEquals(201, rpc.get("status").asInt());
            assertTrue(rpc.get("ms").isNumber() && rpc.get("ms").asDouble() >= 0, rpc.toString());
            assertEquals(TRACED.requestId(), rpc.get("requestId").asText());
            assertEquals(TRACED.traceId(), rpc.get("traceId").asText());
            assertEquals(TRACED.spanId(), rpc.get("spanId").asText());
            assertEquals("w7s.access", rpc.get("logger").asText());
            assertEquals("INFO", rpc.get("level").asText());
            assertTrue(rpc.get("message").asText().startsWith("acme/web → acme/api@staging POST /orders/7 201 "), rpc.toString());

            JsonNode request = line(records.get(1));
            assertEquals("request", request.get("kind").asText());
            assertNull(request.get("caller"));
            assertEquals("acme/web", request.get("target").asText());
            assertEquals("/", request.get("path").asText());
            assertNull(request.get("requestId"), "a host-made request has no correlation");
            for (LogRecord r : records) {
                String printed = new JsonLogFormat().format(r) + new LogFormat().format(r);
                assertFalse(printed.contains("sekrit") || printed.contains("sk-token") || printed.contains("q=1"), printed);
            }
        }
    }

    @Test
    void theTextFormatPrintsAppRecordsAsBefore() {
        CorrelatedRecord r = new CorrelatedRecord(Level.WARNING, "w7s.app", "[acme/api@production] one\n[acme/api@production] two",
                "acme/api@production", TRACED, "one\ntwo");
        String printed = new LogFormat().format(r);
        assertTrue(printed.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[acme/api@production] one\n"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[acme/api@production] two\n"), printed);
    }
}
