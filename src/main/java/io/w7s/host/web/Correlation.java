package io.w7s.host.web;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which public request a piece of work belongs to, and where it sits in the trace: log lines carry it,
 * and RPC calls and fetches made for the request become child spans of {@code spanId}.
 *
 * @param requestId the public request's id (16 hex digits); RPC calls made on its behalf keep it
 * @param traceId   the W3C trace id (32 hex digits), or null while tracing is off
 * @param spanId    the span of the request in this deployment (16 hex digits), or null while tracing is off
 * @param sampled   whether the trace is recorded
 */
public record Correlation(String requestId, String traceId, String spanId, boolean sampled) {
    /** A new public request's correlation, before tracing (if on) gives it a trace. */
    public static Correlation newRequest() {
        return new Correlation(hex16(ThreadLocalRandom.current().nextLong()), null, null, false);
    }

    public Correlation inSpan(String traceId, String spanId, boolean sampled) {
        return new Correlation(requestId, traceId, spanId, sampled);
    }

    private static String hex16(long value) {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
