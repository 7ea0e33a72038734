package io.w7s.host.web;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * One line per public request and per RPC call (logger {@code w7s.access}), in {@code w7s dev} and with
 * {@code w7s serve --access-log}:
 * <pre>
 * → guerrerocarlos/nodepad GET /login 200 4.2 ms
 * guerrerocarlos/nodepad → guerrerocarlos/auth GET /session 200 3.1 ms
 * </pre>
 * Each is an {@link AccessRecord}, whose parts the JSON log gives as fields. Paths are shown without their
 * query, which may carry tokens; no header is logged. The time is until the response head. When off,
 * callers check {@link #on()} first, so nothing is built.
 */
public final class AccessLog {
    static final Logger LOG = Logger.getLogger("w7s.access");
    public static final AccessLog OFF = new AccessLog(false);
    public static final AccessLog ON = new AccessLog(true);

    private final boolean on;

    private AccessLog(boolean on) {
        this.on = on;
    }

    public static AccessLog of(boolean on) {
        return on ? ON : OFF;
    }

    public boolean on() {
        return on;
    }

    /** A deployment's label ({@code owner/repo@environment}) as the access log shows it: without {@code @production}. */
    public static String name(String label) {
        return label.endsWith("@production") ? label.substring(0, label.length() - "@production".length()) : label;
    }

    public void publicRequest(String target, WebRequest request, int status, long startNanos) {
        if (!on || !LOG.isLoggable(java.util.logging.Level.INFO)) return;
        double ms = millis(startNanos);
        LOG.log(new AccessRecord("→ " + target + " " + request.summary() + " " + status + " " + shown(ms),
                "request", null, target, request, status, ms));
    }

    public void rpcCall(String caller, String target, WebRequest request, int status, long startNanos) {
        if (!on || !LOG.isLoggable(java.util.logging.Level.INFO)) return;
        double ms = millis(startNanos);
        LOG.log(new AccessRecord(caller + " → " + target + " " + request.summary() + " " + status + " " + shown(ms),
                "rpc", caller, target, request, status, ms));
    }

    /** Milliseconds since {@code startNanos}, to a tenth (what the line shows, so both formats agree). */
    private static double millis(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e5) / 10.0;
    }

    private static String shown(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
