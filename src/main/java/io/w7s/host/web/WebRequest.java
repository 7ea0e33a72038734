package io.w7s.host.web;

/**
 * An HTTP request as an app sees it.
 *
 * @param url         absolute URL, e.g. {@code http://nodepad.guerrerocarlos.localhost:8080/a?b=1}
 * @param body        the entity bytes, or null when the request has none or it is streamed
 * @param stream      the entity as a stream (large or unknown-length bodies), or null; at most one of
 *                    {@code body} and {@code stream} is set
 * @param correlation the public request it belongs to and its span, or null (host-made requests: warm-up)
 */
public record WebRequest(String method, String url, Headers headers, byte[] body, BodyStream stream, Correlation correlation) {
    public WebRequest(String method, String url, Headers headers, byte[] body) {
        this(method, url, headers, body, null, null);
    }

    public WebRequest(String method, String url, Headers headers, byte[] body, BodyStream stream) {
        this(method, url, headers, body, stream, null);
    }

    /** The same request with other headers and correlation (tracing sets {@code traceparent} for the app). */
    public WebRequest with(Headers headers, Correlation correlation) {
        return new WebRequest(method, url, headers, body, stream, correlation);
    }

    /** {@code GET /path}, for log lines: the path without its query (which may carry tokens) and without the origin. */
    public String summary() {
        return method + " " + path();
    }

    /** The URL's path, for log lines: without the origin, and without the query (which may carry tokens) or fragment. */
    public String path() {
        int start = url.indexOf("://");
        int path = start < 0 ? -1 : url.indexOf('/', start + 3);
        String p = path < 0 ? "/" : url.substring(path);
        int q = p.indexOf('?');
        int h = p.indexOf('#');
        int end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
        return end < 0 ? p : p.substring(0, end);
    }
}
