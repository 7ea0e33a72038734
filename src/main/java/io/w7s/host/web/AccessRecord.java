package io.w7s.host.web;

import java.util.logging.Level;

/**
 * One access-log entry ({@link AccessLog}) with its parts as fields, for the JSON log. Deployments are
 * named as the text line names them: {@code owner/repo}, with {@code @environment} unless it is production.
 *
 * @see AccessLog
 */
public final class AccessRecord extends CorrelatedRecord {
    private final String kind;
    private final String caller;
    private final String target;
    private final String method;
    private final String path;
    private final int status;
    private final double millis;

    AccessRecord(String message, String kind, String caller, String target, WebRequest request, int status, double millis) {
        super(Level.INFO, AccessLog.LOG.getName(), message, null, request.correlation(), message);
        this.kind = kind;
        this.caller = caller;
        this.target = target;
        this.method = request.method();
        this.path = request.path();
        this.status = status;
        this.millis = millis;
    }

    /** {@code request} (a public request) or {@code rpc} (an RPC call). */
    public String kind() {
        return kind;
    }

    /** The calling deployment of an RPC call; null for a public request. */
    public String caller() {
        return caller;
    }

    public String target() {
        return target;
    }

    public String method() {
        return method;
    }

    /** Without the query, which may carry tokens. */
    public String path() {
        return path;
    }

    /** The response's status; 0 when there was none (the call failed inside the host). */
    public int status() {
        return status;
    }

    /** Milliseconds until the response head, to a tenth. */
    public double millis() {
        return millis;
    }
}
