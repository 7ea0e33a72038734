package io.w7s.host.web;

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
 * Bodies are buffered for now.
 */
public final class OutboundFetch {
    private static final int MAX_REDIRECTS = 20;
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

    /** What a fetch resolved to: the final response, its URL, and whether a redirect was followed. */
    public record Result(WebResponse response, String url, boolean redirected) {
    }

    /** Thrown (inside the future) for a network error or a refused redirect; JS turns it into a TypeError. */
    public static final class FetchException extends RuntimeException {
        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param redirect {@code follow}, {@code manual} or {@code error} */
    public CompletableFuture<Result> fetch(WebRequest request, String redirect) {
        URI uri;
        try {
            uri = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FetchException("invalid URL " + request.url(), e));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return CompletableFuture.failedFuture(new FetchException("fetch supports http: and https: URLs, not " + scheme + ":", null));
        }
        return send(request.method(), uri, request.headers(), request.body(), redirect, 0);
    }

    private CompletableFuture<Result> send(String method, URI uri, Headers headers, byte[] body, String redirect, int hops) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.size(); i++) {
            if (!CLIENT_OWNED.contains(headers.name(i))) b.header(headers.name(i), headers.value(i));
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        throw new FetchException("fetch failed: " + cause, cause);
                    }
                    return response;
                })
                .thenCompose(response -> {
                    int status = response.statusCode();
                    String location = response.headers().firstValue("location").orElse(null);
                    boolean isRedirect = (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location != null;
                    if (!isRedirect || redirect.equals("manual")) {
                        return CompletableFuture.completedFuture(new Result(toWebResponse(method, response), uri.toString(), hops > 0));
                    }
                    if (redirect.equals("error")) {
                        throw new FetchException("fetch failed: got a " + status + " redirect and redirect mode is 'error'", null);
                    }
                    if (hops >= MAX_REDIRECTS) throw new FetchException("fetch failed: more than " + MAX_REDIRECTS + " redirects", null);
                    URI next = uri.resolve(location);
                    // Fetch standard: 303 (except HEAD), and 301/302 after POST, become GET without a body.
                    boolean toGet = (status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"));
                    Headers nextHeaders = toGet ? headers.without(n -> n.startsWith("content-")) : headers;
                    return send(toGet ? "GET" : method, next, nextHeaders, toGet ? null : body, redirect, hops + 1);
                });
    }

    private static WebResponse toWebResponse(String method, HttpResponse<byte[]> response) {
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
            if (e.getKey().startsWith(":")) continue;
            for (String v : e.getValue()) headers.add(e.getKey(), v);
        }
        int status = response.statusCode();
        boolean noBody = method.equals("HEAD") || status == 204 || status == 205 || status == 304;
        return new WebResponse(status, "", headers.build(), noBody ? null : response.body());
    }
}
