package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.OutboundFetch;
import io.w7s.host.web.WebRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Every request a program makes, on one path: {@link JsApi#CHANNEL_FETCH} (global {@code fetch()},
 * real HTTP through {@link OutboundFetch}) and {@link JsApi#CHANNEL_RPC} ({@code env.W7S_RPC.fetch},
 * the host's {@link RpcGateway}) differ only in where the request goes. The call is made on behalf
 * of the request whose work is running ({@link Requests#current()}), and its outcome is posted back
 * to the loop on behalf of that same request. Loop thread only.
 */
final class Subrequests {
    private final Isolate isolate;
    private final RpcGateway rpc;
    private final Map<Integer, Call> inFlight = new HashMap<>();

    /** A subrequest in flight; an RPC call also has its deadline. */
    private record Call(CompletableFuture<OutboundFetch.Result> outcome, EventLoop.Timer deadline) {
        void cancel() {
            outcome.cancel(true);
            if (deadline != null) deadline.cancel();
        }
    }

    Subrequests(Isolate isolate, RpcGateway rpc) {
        this.isolate = isolate;
        this.rpc = rpc;
    }

    void start(int channel, int callId, WebRequest request, String redirect) {
        RequestScope scope = isolate.requests().current();
        Call call = switch (channel) {
            case JsApi.CHANNEL_FETCH -> new Call(OutboundFetch.shared().fetch(request, redirect), null);
            case JsApi.CHANNEL_RPC -> rpc(request, scope);
            default -> throw new IllegalArgumentException("unknown subrequest channel " + channel);
        };
        inFlight.put(callId, call);
        call.outcome.whenComplete((result, error) -> {
            BodyStream down = result == null ? null : result.response().stream();
            boolean posted = isolate.post(scope, () -> deliver(callId, result, error));
            if (!posted && down != null) down.cancel("the isolate is closed");
        });
    }

    /**
     * An RPC call, one level deeper than the request it is made for. Its deadline lives on this loop
     * (no timer thread to wake for every call): whichever of answer and deadline comes first is
     * delivered; a streamed answer that comes too late is cancelled.
     */
    private Call rpc(WebRequest request, RequestScope scope) {
        CompletableFuture<OutboundFetch.Result> outcome = new CompletableFuture<>();
        CompletableFuture<io.w7s.host.web.WebResponse> answer;
        try {
            answer = rpc.call(request, scope.depth + 1);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            boolean first = error == null
                    ? outcome.complete(new OutboundFetch.Result(response, "", false))
                    : outcome.completeExceptionally(hostFailure(error));
            if (!first && response != null && response.stream() != null) response.stream().cancel("the RPC call timed out or was aborted");
        });
        EventLoop.Timer deadline = isolate.schedule(scope,
                () -> outcome.complete(new OutboundFetch.Result(rpc.timedOut(request), "", false)), rpc.timeoutMillis());
        return new Call(outcome, deadline);
    }

    /** The router never fails a call itself (errors are responses): this is a bug in the host, logged in full. */
    private Throwable hostFailure(Throwable error) {
        isolate.log().error("RPC call failed inside the host: " + error);
        return new IllegalStateException("W7S_RPC.fetch failed: the host could not perform the call");
    }

    private void deliver(int callId, OutboundFetch.Result result, Throwable error) {
        BodyStream down = result == null ? null : result.response().stream();
        Call call = inFlight.remove(callId);
        if (call != null && call.deadline != null) call.deadline.cancel();
        if (isolate.isClosed() || call == null) {
            if (down != null) down.cancel("the request was aborted");
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            isolate.js().subrequestFailed(callId, String.valueOf(cause.getMessage()));
            return;
        }
        int sid = down == null ? JsApi.NO_STREAM : isolate.streams().consume(down);
        isolate.js().subrequestDone(callId, result.response(), result.url(), result.redirected(), sid);
    }

    /** The request's AbortSignal fired: stop the exchange (JS has already rejected the promise). */
    void abort(int callId) {
        Call call = inFlight.remove(callId);
        if (call != null) call.cancel();
    }

    void cancelAll() {
        inFlight.values().forEach(Call::cancel);
        inFlight.clear();
    }
}
