package io.w7s.host.ingress;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.w7s.host.deploy.Registry;
import io.w7s.host.deploy.Service;
import io.w7s.host.isolate.HandlerFailedException;
import io.w7s.host.isolate.LimitExceededException;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import io.w7s.host.web.BodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public side: {@code <repo>.<owner>.<domain>} (production) and {@code <env>--<repo>.<owner>.<domain>}
 * are served by the matching deployment. Headers starting with {@code x-w7s-rpc} never get in from outside.
 */
public final class PublicIngress implements Handler {
    private static final Logger LOG = Logger.getLogger(PublicIngress.class.getName());

    private final Registry registry;
    private final String domainSuffix;
    private final long maxBodyBytes;
    /** Bodies with a content-length up to this are read whole before dispatch (the fast path); others are streamed. */
    static final long BUFFERED_BODY_LIMIT = 64 * 1024;

    public PublicIngress(Registry registry, String domain, long maxBodyBytes) {
        this.registry = registry;
        this.domainSuffix = "." + domain.toLowerCase(Locale.ROOT);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String authority = req.authority();
        Service service = route(authority);
        if (service == null) {
            write(res, WebResponse.error(404, "not_found", "no deployment is served at host '" + authority
                    + "'; expected <repo>.<owner>" + domainSuffix + " or <environment>--<repo>.<owner>" + domainSuffix));
            return;
        }
        WebRequest request;
        AtomicBoolean overflow = new AtomicBoolean();
        try {
            request = toWebRequest(req, authority, overflow);
        } catch (BodyTooLargeException e) {
            write(res, payloadTooLarge());
            return;
        }
        try {
            WebResponse response = dispatch(service, request);
            if (overflow.get() && response.stream() == null) {
                // A streamed body went over the limit while the app read it: the app saw a failed
                // stream; the client gets the same 413 as for a declared oversized body.
                response = payloadTooLarge();
            }
            write(res, response);
        } finally {
            // The response is out: whatever the app did not read of a streamed body is dropped,
            // which stops the reader thread before Helidon takes the connection back.
            if (request.stream() != null) request.stream().cancel("the response is complete");
        }
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

    /** The app's response; a failure is logged (unless the app's own, already logged) and answered 500. */
    private static WebResponse dispatch(Service service, WebRequest request) {
        try {
            return service.handle(request, 0).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LimitExceededException limit) {
                return WebResponse.error(limit.status(), limit.code(), limit.getMessage());
            }
            if (!(e.getCause() instanceof HandlerFailedException)) {
                LOG.log(Level.WARNING, service + ": request failed: " + e.getCause());
            }
            return WebResponse.text(500, "Internal Server Error");
        }
    }

    private WebRequest toWebRequest(ServerRequest req, String authority, AtomicBoolean overflow) {
        Headers.Builder headers = Headers.builder();
        for (Header h : req.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-w7s-rpc")) continue;
            for (String value : h.allValues()) headers.add(name, value);
        }
        String path = req.prologue().uriPath().rawPath();
        String query = req.prologue().query().rawValue();
        String url = "http://" + authority + path + (query.isEmpty() ? "" : "?" + query);
        byte[] body = null;
        BodyStream stream = null;
        long length = req.headers().contentLength().orElse(-1);
        if (length > maxBodyBytes) throw new BodyTooLargeException();
        if (req.content().hasEntity() && (length < 0 || length > BUFFERED_BODY_LIMIT)) {
            stream = new BodyStream();
            BodyStream target = stream;
            InputStream in = req.content().inputStream();
            Thread.ofVirtual().name("w7s-body " + authority).start(() -> feed(in, target, overflow));
        } else if (req.content().hasEntity()) {
            try {
                body = req.content().inputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // Helidon refuses entities over maxPayloadSize while streaming them.
                throw new BodyTooLargeException();
            }
            if (body.length > maxBodyBytes) throw new BodyTooLargeException();
        }
        return new WebRequest(req.prologue().method().text(), url, headers.build(), body, stream);
    }

    /** Reads a streamed request body into its BodyStream as it arrives; blocks while the app has not taken the last MiB. */
    private void feed(InputStream in, BodyStream stream, AtomicBoolean overflow) {
        try {
            if (!stream.copyFrom(in, maxBodyBytes)) {
                overflow.set(true);
                stream.end("the request body is larger than " + maxBodyBytes + " bytes");
                return;
            }
            stream.end(null);
        } catch (IOException | RuntimeException e) {
            // Helidon refuses entities over maxPayloadSize while streaming them.
            if (!(e instanceof IOException)) overflow.set(true);
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
