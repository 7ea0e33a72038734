package io.w7s.host.isolate;

import io.w7s.host.web.CorrelatedRecord;
import io.w7s.host.web.Correlation;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of one isolate. An app's text is untrusted: each call is one record in which every
 * line (ended by {@code \r\n}, {@code \n} or {@code \r}) starts with {@code [owner/repo@environment]}
 * and control characters are escaped ({@link LogText}), so an app can neither forge a host log
 * line nor send terminal escape sequences. A stack trace stays one readable block. Each record
 * ({@link CorrelatedRecord}) also names the deployment and the request being served, for the JSON log.
 */
final class AppLog {
    /** The logger apps write to; tests attach a handler here to read what an app logged. */
    static final Logger LOGGER = Logger.getLogger("w7s.app");

    private final String label;
    private final String prefix;
    private final SourceMapper sourceMapper;
    private final Redaction redaction;
    /** The request whose work is running when the log is written, or null (background work, another thread). */
    private final Supplier<Correlation> correlation;

    AppLog(String label, SourceMapper sourceMapper, Redaction redaction, Supplier<Correlation> correlation) {
        this.label = label;
        this.prefix = "[" + label + "] ";
        this.sourceMapper = sourceMapper;
        this.redaction = redaction;
        this.correlation = correlation;
    }

    void log(String level, String text) {
        Level l = switch (level) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
        if (!LOGGER.isLoggable(l)) return;
        String shown = shown(text);
        LOGGER.log(new CorrelatedRecord(l, LOGGER.getName(), LogText.prefixLines(prefix, shown), label, correlation.get(), shown));
    }

    /** The text as the log shows it: stack positions in the original sources, no runtime frames, secrets hidden. */
    String shown(String text) {
        return redaction.apply(sourceMapper.mapStackTrace(withoutRuntimeFrames(text)));
    }

    /** Stack frames of the host's own runtime bundle (sources named {@code w7s:...}) are noise for app authors. */
    static String withoutRuntimeFrames(String text) {
        if (!text.contains("(w7s:") && !text.contains("at w7s:")) return text;
        StringBuilder sb = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("at ") && (t.contains("(w7s:") || t.startsWith("at w7s:"))) continue;
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(line);
        }
        return sb.toString();
    }

    void error(String text) {
        log("error", text);
    }

    /**
     * A stream for what GraalJS itself prints (warnings) into this log, a line at a time. It holds
     * only this log: the context it is given to must not reach the isolate (the memory limit measures
     * what a context reaches).
     */
    java.io.OutputStream lines(String level) {
        return new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    log(level, line.toString(java.nio.charset.StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
    }
}
