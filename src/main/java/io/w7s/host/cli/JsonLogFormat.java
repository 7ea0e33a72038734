package io.w7s.host.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.w7s.host.isolate.LogText;
import io.w7s.host.web.AccessRecord;
import io.w7s.host.web.CorrelatedRecord;
import io.w7s.host.web.Correlation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code --log-format json}: one JSON object per line, for log collectors. Every record is one line, whatever
 * its text holds: JSON escapes line breaks and control characters, and {@link ViewerEscapes} also escapes the
 * characters {@link LogText} escapes in the text format (C1 controls, line separators,
 * bidi overrides), so a viewer that shows the raw line cannot be fooled either. Fields: {@code ts},
 * {@code level}, {@code logger}, {@code message}, then when known {@code deployment}, {@code requestId},
 * {@code traceId}, {@code spanId}, an access record's parts, and {@code error} (a stack trace).
 */
final class JsonLogFormat extends Formatter {
    /** Always three digits of milliseconds ({@code Instant.toString} drops a zero fraction). */
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactoryBuilder().characterEscapes(new ViewerEscapes()).build();

    @Override
    public String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", TS.format(r.getInstant()));
            g.writeStringField("level", LogFormat.levelName(r.getLevel()));
            g.writeStringField("logger", r.getLoggerName());
            g.writeStringField("message", r instanceof CorrelatedRecord c && c.text() != null ? c.text() : formatMessage(r));
            if (r instanceof CorrelatedRecord c) writeContext(g, c);
            if (r.getThrown() != null) {
                StringWriter stack = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(stack));
                g.writeStringField("error", stack.toString().stripTrailing());
            }
            g.writeEndObject();
        } catch (IOException e) { // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    private static void writeContext(JsonGenerator g, CorrelatedRecord c) throws IOException {
        optional(g, "deployment", c.deployment());
        Correlation id = c.correlation();
        if (id != null) {
            optional(g, "requestId", id.requestId());
            optional(g, "traceId", id.traceId());
            optional(g, "spanId", id.spanId());
        }
        if (c instanceof AccessRecord a) {
            g.writeStringField("kind", a.kind());
            optional(g, "caller", a.caller());
            g.writeStringField("target", a.target());
            g.writeStringField("method", a.method());
            g.writeStringField("path", a.path());
            g.writeNumberField("status", a.status());
            g.writeNumberField("ms", a.millis());
        }
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** JSON's own escapes (control characters, quote, backslash), plus DEL and what {@link LogText} escapes beyond ASCII. */
    private static final class ViewerEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ViewerEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return c <= Character.MAX_VALUE && LogText.escaped((char) c) ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
