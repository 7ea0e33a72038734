package io.w7s.host.ingress;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.w7s.host.deploy.Registry;
import io.w7s.host.deploy.Service;
import io.w7s.host.isolate.HandlerFailedException;
import io.w7s.host.isolate.LimitExceededException;
import io.w7s.host.observe.Exchange;
import io.w7s.host.observe.Telemetry;
import io.w7s.host.rpc.RpcRouter;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import io.w7s.host.web.AccessLog;
import io.w7s.host.web.BodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public side: {@code <repo>.<owner>.<domain>} (production) and {@code <env>--<repo>.<owner>.<domain>}
 * are served by the matching deployment. Headers whose name, read case-insensitively with {@code _} as
 * {@code -} and surrounding whitespace ignored, starts with {@code x-w7s-rpc} never get in from outside.
 *
 * <p>The connection is closed after the response when the client asked for it ({@code Connection: close})
 * or when the request body was not read to its end (too large, malformed, or left unread by the app):
 * the bytes after the response can then not be trusted to start a request, so none is read from them.
 */
public final class PublicIngress implements Handler {
    private static final Logger LOG = Logger.getLogger(PublicIngress.class.getName());

    private final Registry registry;
    private final String domainSuffix;
    private final long maxBodyBytes;
    private final EdgeLimits limits;
    private final AccessLog access;
    private final Telemetry telemetry;
    /** Bodies with a content-length up to this are read whole before dispatch (the fast path); others are streamed. */
    static final long BUFFERED_BODY_LIMIT = 64 * 1024;

    public PublicIngress(Registry registry, String domain, long maxBodyBytes) {
        this(registry, domain, maxBodyBytes, EdgeLimits.DEFAULTS);
    }

    public PublicIngress(Registry registry, String domain, long maxBodyBytes, EdgeLimits limits) {
        this(registry, domain, maxBodyBytes, limits, AccessLog.OFF);
    }

    public PublicIngress(Registry registry, String domain, long maxBodyBytes, EdgeLimits limits, AccessLog access) {
        this(registry, domain, maxBodyBytes, limits, access, Telemetry.NONE);
    }

    public PublicIngress(Registry registry, String domain, long maxBodyBytes, EdgeLimits limits, AccessLog access, Telemetry telemetry) {
        this.access = access;
        this.telemetry = telemetry;
        this.registry = registry;
        this.domainSuffix = "." + domain.toLowerCase(Locale.ROOT);
        this.maxBodyBytes = maxBodyBytes;
        this.limits = limits;
    }

    /** How far the request body has been read; decides whether the connection may carry another request. */
    private static final class BodyState {
        /** True when no byte of the body is left on the connection, or Helidon itself will skip what is left. */
        volatile boolean complete = true;
        /** 400 (malformed chunked framing) or 413 (over the limit) once the body failed, else 0. */
        volatile int failure;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        EdgeRules.Head head = EdgeRules.takeHead();
        boolean chunked = head != null && head.chunked();
        BodyState body = new BodyState();
        // A chunked body is ours to read (EdgeRules took it from Helidon): it is on the connection until we do.
        if (chunked) body.complete = false;
        boolean close = clientAsksToClose(req);
        String authority = req.authority();
        Service service = route(authority);
        if (service == null) {
            finish(res, WebResponse.error(404, "not_found", "no deployment is served at host '" + authority
                    + "'; expected <repo>.<owner>" + domainSuffix + " or <environment>--<repo>.<owner>" + domainSuffix),
                    body, close, null);
            return;
        }
        if (service.isLoading()) { // the host is starting and this deployment has not loaded yet
            finish(res, stillLoading(service), body, close, null);
            return;
        }
        WebRequest request;
        try {
            request = toWebRequest(req, authority, head, body);
        } catch (BodyTooLargeException e) {
            body.complete = false;
            finish(res, payloadTooLarge(), body, true, null);
            return;
        }
        Exchange exchange = telemetry.publicRequest(service.label(), request);
        request = exchange.request();
        CompletableFuture<WebResponse> call = service.handle(request, 0);
        // The body is read: watch the connection, so a client that leaves cancels the app's work.
        ClientWatch watch = head != null && body.complete && request.stream() == null
                ? ClientWatch.start(head.ctx().dataReader(), () -> call.cancel(true)) : null;
        WebResponse response = response(service, call, exchange);
        if (response == null) { // the client left: nobody to answer
            exchange.end(0);
            throw new CloseConnectionException("the client closed the connection");
        }
        if (body.failure != 0 && response.stream() == null) {
            // The body failed while the app read it: the app saw a failed stream; the client gets the
            // same status as for a body refused up front (413 too large, 400 malformed).
            response = body.failure == 413 ? payloadTooLarge() : PublicServer.errorFor(400);
        }
        exchange.end(response.status());
        if (access.on()) access.publicRequest(AccessLog.name(service.label()), request, response.status(), exchange.startNanos());
        finish(res, response, body, close, request.stream());
        // Kept alive: the watcher holds the next read; hand the connection back once it returned.
        if (watch == null) return;
        if (res instanceof RoutingResponse routing) routing.commit();
        if (!watch.nextRequestArrives(limits.headTimeout())) {
            throw new CloseConnectionException("the connection is idle or closed");
        }
    }

    /**
     * Sends the response and keeps the connection only when the next bytes on it are a request:
     * otherwise the response says {@code Connection: close} and the connection is closed after it.
     */
    private static void finish(ServerResponse res, WebResponse response, BodyState body, boolean close, BodyStream stream) {
        boolean keep = !close && body.complete && body.failure == 0;
        try {
            if (!keep) res.header(HeaderValues.CONNECTION_CLOSE);
            write(res, response);
        } finally {
            // Whatever the app did not read of a streamed body is dropped, which stops the reader thread.
            if (stream != null) stream.cancel("the response is complete");
        }
        if (!keep) {
            // Helidon would go on reading requests from this connection (even after Connection: close,
            // or from the middle of an unread body). It closes the connection instead, once the response
            // is complete (Helidon commits it, e.g. writes the last chunk, only when a handler returns).
            if (res instanceof RoutingResponse routing) routing.commit();
            throw new CloseConnectionException("connection closed after the response");
        }
    }

    private static boolean clientAsksToClose(ServerRequest req) {
        for (String value : req.headers().values(HeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) return true;
            }
        }
        return false;
    }

    private static WebResponse stillLoading(Service service) {
        WebResponse error = WebResponse.error(503, "deployment_loading", service.label() + " is still loading; retry shortly");
        return new WebResponse(503, "", error.headers().toBuilder().add("retry-after", "1").build(), error.body());
    }

    private WebResponse payloadTooLarge() {
        return WebResponse.error(413, "payload_too_large", "request body is larger than " + maxBodyBytes + " bytes");
    }

    /** Finds the service for a Host header value (port and case ignored), or null. */
    Service route(String authority) {
        if (authority == null) return null;
        String host = authority.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) host = host.substring(0, colon);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (!host.endsWith(domainSuffix)) return null;
        return registry.serviceByHostLabels(host.substring(0, host.length() - domainSuffix.length()));
    }

    /**
     * The app's response, or null when the client left and the call was cancelled. A request over one
     * of its limits gets the platform's JSON error; any other failure is logged (unless it is the
     * app's own, already logged) and answered 500.
     */
    private static WebResponse response(Service service, CompletableFuture<WebResponse> call, Exchange exchange) {
        try {
            return call.join();
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof LimitExceededException limit) {
                exchange.limitTripped(limit.code());
                return WebResponse.error(limit.status(), limit.code(), limit.getMessage());
            }
            if (e.getCause() instanceof HandlerFailedException failure) {
                exchange.failed(failure.detail());
            } else {
                exchange.failed(String.valueOf(e.getCause()));
                LOG.log(Level.WARNING, service + ": request failed: " + e.getCause());
            }
            return WebResponse.text(500, "Internal Server Error");
        }
    }

    private WebRequest toWebRequest(ServerRequest req, String authority, EdgeRules.Head head, BodyState state) {
        Headers.Builder headers = Headers.builder();
        for (Header h : req.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (isIdentityHeader(name)) continue;
            for (String value : h.allValues()) headers.add(name, value);
        }
        boolean chunked = head != null && head.chunked();
        if (chunked) headers.add("transfer-encoding", "chunked");
        String path = EdgeRules.originPath(req.prologue().uriPath().rawPath());
        String query = req.prologue().query().rawValue();
        String url = "http://" + authority + path + (query.isEmpty() ? "" : "?" + query);
        byte[] body = null;
        BodyStream stream = null;
        if (chunked) {
            if (req.headers().values(HeaderNames.EXPECT).stream().anyMatch(v -> v.trim().equalsIgnoreCase("100-continue"))) {
                head.ctx().dataWriter().writeNow(BufferData.create(CONTINUE_100));
            }
            stream = new BodyStream();
            BodyStream target = stream;
            InputStream in = new ChunkedBody(head.ctx().dataReader(), maxBodyBytes, limits.maxHeaderBytes());
            state.complete = false;
            Thread.ofVirtual().name("w7s-body " + authority).start(() -> feed(in, target, state, Long.MAX_VALUE));
            return new WebRequest(req.prologue().method().text(), url, headers.build(), null, stream, Correlation.newRequest());
        }
        long length = req.headers().contentLength().orElse(-1);
        if (length > maxBodyBytes) throw new BodyTooLargeException();
        if (req.content().hasEntity() && (length < 0 || length > BUFFERED_BODY_LIMIT)) {
            stream = new BodyStream();
            BodyStream target = stream;
            InputStream in = req.content().inputStream();
            // Until the reader thread is done with Helidon's entity stream, Helidon must not touch it.
            state.complete = false;
            Thread.ofVirtual().name("w7s-body " + authority).start(() -> feed(in, target, state, maxBodyBytes));
        } else if (req.content().hasEntity()) {
            try {
                body = req.content().inputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            } catch (IOException e) {
                state.complete = false;
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // Helidon refuses entities over maxPayloadSize while streaming them.
                throw new BodyTooLargeException();
            }
            if (body.length > maxBodyBytes) throw new BodyTooLargeException();
        }
        return new WebRequest(req.prologue().method().text(), url, headers.build(), body, stream, Correlation.newRequest());
    }

    private static final byte[] CONTINUE_100 = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether a header name is, or could be taken for, a platform identity header ({@code x-w7s-rpc*}):
     * compared case-insensitively, with surrounding whitespace ignored and {@code _} read as {@code -}
     * (CGI-style gateways and some frameworks treat the two alike).
     */
    static boolean isIdentityHeader(String name) {
        return RpcRouter.isIdentityHeader(name);
    }

    /** Reads a streamed request body into its BodyStream as it arrives; blocks while the app has not taken the last MiB. */
    private void feed(InputStream in, BodyStream stream, BodyState state, long max) {
        try {
            if (!stream.copyFrom(in, max)) {
                state.failure = 413;
                stream.end("the request body is larger than " + maxBodyBytes + " bytes");
                return;
            }
            // Read to its end: the connection is positioned at the next request (set before the app can see the end).
            state.complete = true;
            stream.end(null);
        } catch (ChunkedBody.EdgeBodyException e) {
            state.failure = e.status;
            stream.end(e.status == 413 ? "the request body is larger than " + maxBodyBytes + " bytes"
                    : "malformed chunked request body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Helidon refuses entities over maxPayloadSize while streaming them.
            if (!(e instanceof IOException)) state.failure = 413;
            stream.end("reading the request body failed: " + e.getMessage());
        }
    }

    static void write(ServerResponse res, WebResponse response) {
        res.status(response.statusText().isEmpty()
                ? Status.create(response.status())
                : Status.create(response.status(), response.statusText()));
        Headers h = response.headers();
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (isHopByHop(name)) continue;
            res.headers().add(HeaderValues.create(name, h.value(i)));
        }
        byte[] body = response.body();
        if (response.stream() != null) {
            writeStream(res, response.stream());
        } else if (body == null) {
            res.header(HeaderNames.CONTENT_LENGTH, "0");
            res.send();
        } else {
            res.send(body);
        }
    }

    /**
     * Sends a body the app is still producing, chunk by chunk (chunked encoding), flushing whenever
     * the queue is empty so each event of a slow stream reaches the client at once. A client that
     * goes away cancels the app's stream; an app stream that fails aborts the connection, so the
     * client cannot mistake the truncated body for a complete one.
     */
    private static void writeStream(ServerResponse res, BodyStream stream) {
        OutputStream out;
        try {
            out = res.outputStream();
        } catch (RuntimeException e) {
            stream.cancel("the response could not be sent");
            throw e;
        }
        byte[] chunk;
        try {
            while (true) {
                try {
                    chunk = stream.take();
                } catch (IOException e) {
                    LOG.log(Level.FINE, "response stream failed: " + e.getMessage());
                    throw new UncheckedIOException(e);
                }
                if (chunk == null) break;
                out.write(chunk);
                if (!stream.hasQueued()) out.flush();
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            stream.cancel("the client went away");
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw (RuntimeException) e;
        }
    }

    /** Framing is Helidon's job: the app's own length/encoding headers would contradict it. */
    private static boolean isHopByHop(String name) {
        return switch (name) {
            case "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade" -> true;
            default -> false;
        };
    }

    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }
}
