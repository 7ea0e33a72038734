package io.w7s.host.ingress;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks every request head as soon as Helidon has parsed it, before routing, on the connection's
 * thread. A refused request gets its status (400, 431, 501) from Helidon's direct handler, and the
 * connection is closed. Rules (RFC 9112):
 * <ul>
 *   <li>more than {@link EdgeLimits#maxHeaderCount()} field lines: 431;</li>
 *   <li>a field name that is not a token (whitespace before the colon, obs-fold) or a value with control
 *       characters: 400 (§5.1, §5.2);</li>
 *   <li>Content-Length that is not one run of digits, or given more than once: 400 (§6.3);</li>
 *   <li>Transfer-Encoding together with Content-Length: 400; whose final coding is not exactly
 *       {@code chunked}, or with chunked twice: 400; other codings before chunked: 501 (§6.1, §6.3);</li>
 *   <li>a request target in absolute-form whose authority is not the Host header, authority-form or
 *       asterisk-form: 400 (§3.2).</li>
 * </ul>
 * A valid chunked request is taken over: Transfer-Encoding is removed so that Helidon sees no entity,
 * and {@link PublicIngress} decodes the body from the connection with {@link ChunkedBody}.
 */
final class EdgeRules implements Http1ConnectionListener {
    /** What the rules learned about the request being routed on this (connection) thread. */
    record Head(ConnectionContext ctx, boolean chunked) {
    }

    private static final ThreadLocal<HttpPrologue> PROLOGUE = new ThreadLocal<>();
    private static final ThreadLocal<Head> HEAD = new ThreadLocal<>();

    private final EdgeLimits limits;
    private final EdgeConnections connections;

    EdgeRules(EdgeLimits limits, EdgeConnections connections) {
        this.limits = limits;
        this.connections = connections;
    }

    /** The head checked last on this thread (the request now being routed), once. */
    static Head takeHead() {
        Head head = HEAD.get();
        HEAD.remove();
        return head;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        HEAD.remove();
        PROLOGUE.set(prologue);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        // The head is complete (or timed out, and then it goes no further).
        connections.headers(ctx, headers);
        HttpPrologue prologue = PROLOGUE.get();
        PROLOGUE.remove();
        int lines = 0;
        for (Header h : headers) {
            lines += h.allValues().size();
            if (!isToken(h.name())) throw refuse(400, "invalid header field name", prologue, headers);
            for (String v : h.allValues()) {
                if (!isFieldValue(v)) throw refuse(400, "invalid header field value", prologue, headers);
            }
        }
        if (lines > limits.maxHeaderCount()) {
            throw refuse(431, "more than " + limits.maxHeaderCount() + " header fields", prologue, headers);
        }
        if (prologue != null) checkTarget(prologue, headers);
        boolean chunked = false;
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
                throw refuse(400, "Transfer-Encoding and Content-Length together", prologue, headers);
            }
            List<String> codings = new ArrayList<>();
            for (String value : headers.get(HeaderNames.TRANSFER_ENCODING).allValues()) {
                for (String coding : value.split(",", -1)) codings.add(trimOws(coding).toLowerCase(Locale.ROOT));
            }
            if (codings.contains("")) throw refuse(400, "empty transfer coding", prologue, headers);
            if (!codings.getLast().equals("chunked")) throw refuse(400, "final transfer coding is not chunked", prologue, headers);
            if (codings.indexOf("chunked") != codings.size() - 1) throw refuse(400, "chunked applied twice", prologue, headers);
            if (codings.size() > 1) throw refuse(501, "unsupported transfer coding", prologue, headers);
            chunked = true;
        } else if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
            List<String> values = headers.get(HeaderNames.CONTENT_LENGTH).allValues();
            if (values.size() != 1 || !isDigits(trimOws(values.getFirst()))) {
                throw refuse(400, "invalid Content-Length", prologue, headers);
            }
        }
        if (chunked) {
            // Helidon's chunked decoder refuses extensions and trailers and cannot recover from errors:
            // it must not see this body. PublicIngress reads it with ChunkedBody.
            if (!(headers instanceof WritableHeaders<?> writable)) throw refuse(400, "chunked body", prologue, headers);
            writable.remove(HeaderNames.TRANSFER_ENCODING);
        }
        HEAD.set(new Head(ctx, chunked));
    }

    private static void checkTarget(HttpPrologue prologue, Headers headers) {
        String target = prologue.uriPath().rawPath();
        if (target.startsWith("/")) return;
        String authority = absoluteAuthority(target);
        if (authority == null) throw refuse(400, "unsupported request target", prologue, headers);
        // RFC 9112 §3.2.2 tells an origin server to use the target's authority and ignore Host. A proxy
        // in front of us may have routed (or checked access) by Host instead: we accept absolute-form
        // only when both name the same host, so no two readings of the request can differ.
        String host = headers.first(HeaderNames.HOST).orElse("");
        if (authority.isEmpty() || authority.contains("@") || !authority.equalsIgnoreCase(host)) {
            throw refuse(400, "request target authority does not match Host", prologue, headers);
        }
    }

    /** The authority of an {@code http://} or {@code https://} absolute-form target, or null. */
    static String absoluteAuthority(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        int start;
        if (lower.startsWith("http://")) start = 7;
        else if (lower.startsWith("https://")) start = 8;
        else return null;
        int end = target.indexOf('/', start);
        return end < 0 ? target.substring(start) : target.substring(start, end);
    }

    /** The origin-form path of a target EdgeRules accepted: itself, or the path of an absolute-form target. */
    static String originPath(String target) {
        if (target.startsWith("/")) return target;
        String authority = absoluteAuthority(target);
        if (authority == null) return "/";
        int start = target.indexOf("//") + 2 + authority.length();
        return start >= target.length() ? "/" : target.substring(start);
    }

    static RequestException refuse(int status, String message, HttpPrologue prologue, Headers headers) {
        RequestException.Builder b = RequestException.builder()
                .type(EventType.BAD_REQUEST)
                .status(Status.create(status))
                .setKeepAlive(false)
                .message(message);
        if (prologue != null) b.request(DirectTransportRequest.create(prologue, headers));
        return b.build();
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!ChunkedBody.tchar(s.charAt(i))) return false;
        }
        return true;
    }

    private static boolean isFieldValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
        }
        return true;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static String trimOws(String s) {
        int a = 0, b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) a++;
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) b--;
        return s.substring(a, b);
    }
}
