package io.w7s.host.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The global {@code fetch()} of isolates: real HTTP(S) through the JDK's HttpClient, asynchronous
 * (never blocks an event loop), with the Fetch standard's redirect handling done here so that
 * {@code redirect: "follow" | "manual" | "error"} and {@code response.redirected}/{@code url} behave.
 *
 * <p>Bodies stream both ways through {@link BodyStream}s, as public and RPC bodies do: a request's
 * {@link WebRequest#stream()} is sent as it is produced (chunked), and a response body is read by a
 * virtual thread in pieces of up to {@link #CHUNK} bytes into the response's stream, with the stream's
 * backpressure; cancelling that stream closes the connection. A response whose {@code content-length}
 * is at most {@link #CHUNK} is read whole before the future completes.
 */
public final class OutboundFetch {
    private static final int MAX_REDIRECTS = 20;
    /** The largest piece of a response body handed on at once, and the limit of the buffered fast path. */
    public static final int CHUNK = BodyStream.CHUNK;
    /** Headers the JDK client sets itself (and refuses from callers). */
    private static final Set<String> CLIENT_OWNED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private static final OutboundFetch SHARED = new OutboundFetch();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    /** One client for the whole process: connections are pooled across isolates. */
    public static OutboundFetch shared() {
        return SHARED;
    }

    /**
     * What a fetch resolved to: the final response (its body buffered or a {@link WebResponse#stream()}
     * the caller must read to the end or cancel), its URL, and whether a redirect was followed.
     */
    public record Result(WebResponse response, String url, boolean redirected) {
    }

    /** Thrown (inside the future) for a network error or a refused redirect; JS turns it into a TypeError. */
    public static final class FetchException extends RuntimeException {
        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts the exchange. Cancelling the returned future aborts the exchange in flight (and a
     * response that arrives anyway has its body closed).
     *
     * @param redirect {@code follow}, {@code manual} or {@code error}
     */
    public CompletableFuture<Result> fetch(WebRequest request, String redirect) {
        URI uri;
        try {
            uri = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            // The URL is not echoed: its query or user info may carry a secret.
            String why = e.getCause() instanceof java.net.URISyntaxException u
                    ? u.getReason() + (u.getIndex() >= 0 ? " at index " + u.getIndex() : "") : "malformed";
            return CompletableFuture.failedFuture(new FetchException("invalid URL: " + why, null));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return CompletableFuture.failedFuture(new FetchException("fetch supports http: and https: URLs, not " + scheme + ":", null));
        }
        Exchange exchange = new Exchange(redirect, request.stream());
        exchange.send(request.method(), uri, request.headers(), request.body(), 0);
        return exchange.result;
    }

    /** One fetch, through its redirects. */
    private final class Exchange {
        final CompletableFuture<Result> result = new CompletableFuture<>();
        final String redirect;
        /** The streamed request body, or null; it can be sent once only. */
        final BodyStream upload;
        volatile CompletableFuture<?> inflight;

        Exchange(String redirect, BodyStream upload) {
            this.redirect = redirect;
            this.upload = upload;
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    CompletableFuture<?> f = inflight;
                    if (f != null) f.cancel(true);
                    if (upload != null) upload.cancel("the fetch was aborted");
                }
            });
        }

        void fail(FetchException e) {
            if (upload != null) upload.cancel("the fetch failed");
            result.completeExceptionally(e);
        }

        void send(String method, URI uri, Headers headers, byte[] body, int hops) {
            boolean streamed = hops == 0 && upload != null;
            HttpRequest.BodyPublisher publisher = streamed
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new BodyStreamInput(upload))
                    : body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, publisher);
            for (int i = 0; i < headers.size(); i++) {
                if (!CLIENT_OWNED.contains(headers.name(i))) b.header(headers.name(i), headers.value(i));
            }
            CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            inflight = f;
            if (result.isDone()) f.cancel(true);
            f.whenComplete((response, error) -> {
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    fail(new FetchException("fetch failed: " + cause, cause));
                    return;
                }
                try {
                    answered(method, uri, headers, body, hops, response);
                } catch (RuntimeException e) {
                    closeQuietly(response.body());
                    fail(e instanceof FetchException fe ? fe : new FetchException("fetch failed: " + e, e));
                }
            });
        }

        private void answered(String method, URI uri, Headers headers, byte[] body, int hops, HttpResponse<InputStream> response) {
            if (result.isDone()) { // aborted meanwhile
                closeQuietly(response.body());
                return;
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("location").orElse(null);
            boolean isRedirect = (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location != null;
            if (!isRedirect || redirect.equals("manual")) {
                deliver(method, uri, hops, response);
                return;
            }
            closeQuietly(response.body());
            if (redirect.equals("error")) {
                throw new FetchException("fetch failed: got a " + status + " redirect and redirect mode is 'error'", null);
            }
            if (hops >= MAX_REDIRECTS) throw new FetchException("fetch failed: more than " + MAX_REDIRECTS + " redirects", null);
            URI next;
            try {
                next = uri.resolve(location);
            } catch (IllegalArgumentException e) {
                // Not echoed: a Location often carries a one-time code or token.
                throw new FetchException("fetch failed: got a " + status + " redirect to a Location that is not a valid URL", null);
            }
            // Fetch standard: 303 (except HEAD), and 301/302 after POST, become GET without a body.
            boolean toGet = (status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"));
            if (!toGet && upload != null) {
                // Fetch standard: a stream body cannot be replayed to the new location.
                throw new FetchException("fetch failed: got a " + status + " redirect for a request with a stream body,"
                        + " which cannot be sent again", null);
            }
            if (upload != null) upload.cancel("redirected");
            Headers nextHeaders = toGet ? headers.without(n -> n.startsWith("content-")) : headers;
            send(toGet ? "GET" : method, next, nextHeaders, toGet ? null : body, hops + 1);
        }

        private void deliver(String method, URI uri, int hops, HttpResponse<InputStream> response) {
            Headers.Builder hb = Headers.builder();
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                if (e.getKey().startsWith(":")) continue;
                for (String v : e.getValue()) hb.add(e.getKey(), v);
            }
            Headers headers = hb.build();
            int status = response.statusCode();
            String url = uri.toString();
            boolean noBody = method.equals("HEAD") || status == 204 || status == 205 || status == 304;
            InputStream in = response.body();
            if (noBody) {
                closeQuietly(in);
                finished();
                result.complete(new Result(new WebResponse(status, "", headers, null), url, hops > 0));
                return;
            }
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            if (length >= 0 && length <= CHUNK) {
                // Small and of known length: read it whole, off the client's threads.
                Thread.ofVirtual().name("fetch-body").start(() -> {
                    try (in) {
                        byte[] bytes = in.readAllBytes();
                        finished();
                        if (!result.complete(new Result(new WebResponse(status, "", headers, bytes), url, hops > 0))) return;
                    } catch (IOException e) {
                        fail(new FetchException("fetch failed while reading the body: " + e, e));
                    }
                });
                return;
            }
            BodyStream body = new BodyStream();
            Thread reader = Thread.ofVirtual().name("fetch-body").unstarted(() -> pump(in, body));
            body.onCancel(() -> {
                closeQuietly(in);
                reader.interrupt();
            });
            reader.start();
            if (!result.complete(new Result(new WebResponse(status, "", headers, null, body), url, hops > 0))) {
                body.cancel("the fetch was aborted");
            }
        }

        /** Copies the response body into {@code out} until its end, an error, or the consumer's cancel. */
        private void pump(InputStream in, BodyStream out) {
            try (in) {
                out.copyFrom(in, Long.MAX_VALUE);
                out.end(null);
            } catch (IOException e) {
                out.end("fetch failed while reading the body: " + e.getMessage()); // no-op for the consumer after its cancel
            } finally {
                finished();
            }
        }

        /** The response is complete: a streamed request body still unsent is no longer wanted. */
        private void finished() {
            if (upload != null) upload.cancel("the response is complete");
        }
    }

    /** A request's {@link BodyStream} read by the client as an InputStream; closing it early cancels the stream. */
    private static final class BodyStreamInput extends InputStream {
        private final BodyStream stream;
        private byte[] chunk;
        private int pos;
        private boolean eof;

        BodyStreamInput(BodyStream stream) {
            this.stream = stream;
        }

        private boolean fill() throws IOException {
            while (chunk == null || pos == chunk.length) {
                if (eof) return false;
                chunk = stream.take();
                pos = 0;
                if (chunk == null) {
                    eof = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            if (!eof) stream.cancel("the request body was not sent to the end");
            eof = true;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
        }
    }
}
