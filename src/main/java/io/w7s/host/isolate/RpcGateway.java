package io.w7s.host.isolate;

import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.concurrent.CompletableFuture;

/** Where an isolate sends its {@code env.W7S_RPC.fetch(...)} calls. */
public interface RpcGateway {
    /**
     * Performs one call. The future may complete on any thread; the isolate posts the result back to its loop.
     *
     * @param depth the call's depth: 1 for a call made while handling a public request, n+1 for a call
     *              made while handling a call of depth n
     */
    CompletableFuture<WebResponse> call(WebRequest request, int depth);
}
