package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.OutboundFetch;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Every request a program makes, on one path: {@link JsApi#CHANNEL_FETCH} (global {@code fetch()},
 * real HTTP through {@link OutboundFetch}) and {@link JsApi#CHANNEL_RPC} ({@code env.W7S_RPC.fetch},
 * the host's {@link RpcGateway}) differ only in where the request goes. A call is made on behalf of
 * the request whose work is running ({@link Requests#current()}): it counts against that request's
 * subrequest limit, is one RPC level deeper, is cancelled with it, and its outcome is posted back to
 * the loop on behalf of that same request. The loop's owner only ({@link EventLoop}).
 */
final class Subrequests {
    private final Isolate isolate;
    private final RpcGateway rpc;
    private final int limit;
    private final Map<Integer, Call> inFlight = new HashMap<>();

    /**
     * A subrequest in flight. An RPC call also has its deadline, and the target's answer, which is
     * cancelled when the caller gives up (so the target's work stops too).
     */
    private record Call(RequestScope scope, CompletableFuture<OutboundFetch.Result> outcome,
                        EventLoop.Timer deadline, CompletableFuture<WebResponse> target) {
        void cancel() {
            outcome.cancel(true);
            settled();
            if (target != null) target.cancel(true);
        }

        /** The outcome is known: the deadline has nothing left to do. */
        void settled() {
            if (deadline != null) deadline.cancel();
        }
    }

    Subrequests(Isolate isolate, RpcGateway rpc, int limit) {
        this.isolate = isolate;
        this.rpc = rpc;
        this.limit = limit;
    }

    void start(int channel, int callId, WebRequest request, String redirect) {
        RequestScope scope = isolate.requests().current();
        if (++scope.subrequests > limit && !scope.isBackground()) {
            if (request.stream() != null) request.stream().cancel("too many subrequests");
            isolate.post(scope, () -> isolate.js().subrequestFailed(callId, "Too many subrequests: a request may make "
                    + limit + " (fetch and W7S_RPC calls together; w7s.json limits.subrequests)"));
            return;
        }
        Call call = switch (channel) {
            case JsApi.CHANNEL_FETCH -> {
                CompletableFuture<OutboundFetch.Result> fetch = rpc.fetch(isolate.label(), request, redirect, scope.origin);
                yield new Call(scope, fetch, null, null);
            }
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
     * delivered. When the deadline passes or the caller gives up, the target's work is cancelled;
     * a streamed answer that comes too late is cancelled too.
     */
    private Call rpc(WebRequest request, RequestScope scope) {
        CompletableFuture<OutboundFetch.Result> outcome = new CompletableFuture<>();
        CompletableFuture<WebResponse> answer;
        try {
            answer = rpc.call(request, scope.depth + 1, scope.origin);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            boolean first = error == null
                    ? outcome.complete(new OutboundFetch.Result(response, "", false))
                    : outcome.completeExceptionally(hostFailure(error));
            if (!first && response != null && response.stream() != null) response.stream().cancel("the RPC call timed out or was aborted");
        });
        CompletableFuture<WebResponse> target = answer;
        EventLoop.Timer deadline = isolate.schedule(scope, () -> {
            if (outcome.complete(new OutboundFetch.Result(rpc.timedOut(request), "", false))) target.cancel(true);
        }, rpc.timeoutMillis());
        return new Call(scope, outcome, deadline, target);
    }

    /** The router answers every refusal itself: a failed future here is a bug in the host, logged in full. */
    private Throwable hostFailure(Throwable error) {
        if (error instanceof java.util.concurrent.CancellationException) return error;
        isolate.log().error("RPC call failed inside the host: " + error);
        return new IllegalStateException("W7S_RPC.fetch failed: the host could not perform the call");
    }

    private void deliver(int callId, OutboundFetch.Result result, Throwable error) {
        BodyStream down = result == null ? null : result.response().stream();
        Call call = inFlight.remove(callId);
        if (isolate.isClosed() || call == null) {
            if (down != null) down.cancel("the request was aborted");
            return;
        }
        call.settled();
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

    /** Request {@code scope} was stopped or cancelled: so is every call made on its behalf; the program's promises reject. */
    void cancel(RequestScope scope, String reason) {
        List<Integer> ids = new ArrayList<>();
        inFlight.forEach((id, call) -> {
            if (call.scope == scope) ids.add(id);
        });
        for (int id : ids) { // JS may start new calls while it hears of these
            Call call = inFlight.remove(id);
            if (call == null) continue;
            call.cancel();
            isolate.js().subrequestFailed(id, reason);
        }
    }

    void cancelAll() {
        inFlight.values().forEach(Call::cancel);
        inFlight.clear();
    }
}
