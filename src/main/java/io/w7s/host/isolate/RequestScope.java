package io.w7s.host.isolate;

import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One incoming request's share of an isolate, like workerd's per-request I/O context: every task
 * the event loop runs — the dispatch, a timer, a subrequest's completion — runs on behalf of one
 * scope, so what that work does (its RPC call depth, its subrequests) is counted against the
 * request that caused it, however the program keeps its objects. The loop's owner only ({@link EventLoop}).
 */
final class RequestScope {
    /** Work that belongs to no request: module evaluation, diagnostics. */
    static final int BACKGROUND_ID = -1;

    final int id;
    /** RPC call depth of the request: 0 for public requests; a call made on its behalf is one deeper. */
    final int depth;
    /** Completed with the response head, or exceptionally; null for the background scope. */
    final CompletableFuture<WebResponse> response;
    /** When it arrived ({@link System#nanoTime()}), for the wall-time limit. */
    final long arrivedNanos = System.nanoTime();
    /** CPU time of the isolate's thread sampled while its work ran (written by the watchdog only). */
    long cpuNanos;
    /** Outgoing requests (fetch + RPC) made on its behalf. */
    int subrequests;
    /** The stream its response body is written to, once the head is out and the body streams; else NO_STREAM. */
    int responseStream = JsApi.NO_STREAM;
    /** Why the host stopped it, once it did (read by the watchdog thread too). */
    volatile LimitExceededException stopped;

    /** The request itself, for log entries about calls made on its behalf (summarised only then); null for background work. */
    final WebRequest origin;

    RequestScope(int id, int depth, CompletableFuture<WebResponse> response) {
        this(id, depth, response, null);
    }

    RequestScope(int id, int depth, CompletableFuture<WebResponse> response, WebRequest origin) {
        this.id = id;
        this.depth = depth;
        this.response = response;
        this.origin = origin;
    }

    boolean isBackground() {
        return id == BACKGROUND_ID;
    }

    static RequestScope background() {
        return new RequestScope(BACKGROUND_ID, 0, null);
    }

    @Override
    public String toString() {
        return id == BACKGROUND_ID ? "background" : "request " + id + " (depth " + depth + ")";
    }
}
