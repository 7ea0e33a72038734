package io.w7s.host.isolate;

import io.w7s.host.web.OutboundFetch;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.concurrent.CompletableFuture;

/** Where an isolate sends its {@code env.W7S_RPC.fetch(...)} calls, and (to be observed) its outbound fetches. */
public interface RpcGateway {
    /**
     * Performs an outbound {@code fetch} of the deployment {@code caller} (its label) for the request {@code origin}
     * (null: background work). The host observes it (metrics, a client span); outside a host it is plain.
     */
    default CompletableFuture<OutboundFetch.Result> fetch(String caller, WebRequest request, String redirect, WebRequest origin) {
        return OutboundFetch.shared().fetch(request, redirect);
    }

    /**
     * Performs one call. The future may complete on any thread; the isolate posts the result back to its loop.
     *
     * @param depth  the call's depth: 1 for a call made while handling a public request, n+1 for a call
     *               made while handling a call of depth n
     * @param origin the caller's request it is made for, or null (background work); for log entries only
     */
    CompletableFuture<WebResponse> call(WebRequest request, int depth, WebRequest origin);

    /** How long a caller waits before it gets {@link #timedOut}. */
    long timeoutMillis();

    /** The answer a caller gets when the call did not complete in time. */
    WebResponse timedOut(WebRequest request);

    /** For isolates outside a host (tools, tests): every call fails. */
    RpcGateway NONE = new RpcGateway() {
        @Override
        public CompletableFuture<WebResponse> call(WebRequest request, int depth, WebRequest origin) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no RPC outside a host"));
        }

        @Override
        public long timeoutMillis() {
            return 30_000;
        }

        @Override
        public WebResponse timedOut(WebRequest request) {
            return WebResponse.error(504, "target_timeout", "no RPC outside a host");
        }
    };
}
