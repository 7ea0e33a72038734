package io.w7s.host.web;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * One line per public request and per RPC call (logger {@code w7s.access}), in {@code w7s dev}:
 * <pre>
 * → guerrerocarlos/nodepad GET /login 200 4.2 ms
 * guerrerocarlos/nodepad → guerrerocarlos/auth GET /session 200 3.1 ms
 * </pre>
 * Paths are shown without their query, which may carry tokens. The time is until the response head.
 */
public final class AccessLog {
    static final Logger LOG = Logger.getLogger("w7s.access");
    public static final AccessLog OFF = new AccessLog(false);
    public static final AccessLog ON = new AccessLog(true);

    private final boolean on;

    private AccessLog(boolean on) {
        this.on = on;
    }

    public boolean on() {
        return on;
    }

    /** A deployment's label ({@code owner/repo@environment}) as the access log shows it: without {@code @production}. */
    public static String name(String label) {
        return label.endsWith("@production") ? label.substring(0, label.length() - "@production".length()) : label;
    }

    public void publicRequest(String target, WebRequest request, int status, long startNanos) {
        if (on) LOG.info("→ " + target + " " + request.summary() + " " + status + " " + millis(startNanos));
    }

    public void rpcCall(String caller, String target, WebRequest request, int status, long startNanos) {
        if (on) LOG.info(caller + " → " + target + " " + request.summary() + " " + status + " " + millis(startNanos));
    }

    private static String millis(long startNanos) {
        return String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - startNanos) / 1e6);
    }
}
