package io.w7s.host.isolate;

import io.w7s.host.web.WebResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The requests an isolate is serving, and the one whose work the loop is running right now
 * ({@link #current()}), so every host call JS makes is attributed to a request. The loop's owner only
 * (its thread, or a caller's thread running an RPC call inline: {@link InlineRun}).
 */
final class Requests {
    private final RequestScope background = RequestScope.background();
    private final Map<Integer, RequestScope> awaitingResponse = new HashMap<>();
    private RequestScope current = background;
    private int nextId;
    // What the watchdog reads from its own thread: the scope of the task running now (null between
    // tasks) and a number that changes with every task. Reading the CPU clock costs ~4 µs here, too
    // much per task; the watchdog samples it instead.
    private volatile RequestScope running;
    private volatile long taskNumber;

    /** The scope whose work is running (the background scope between tasks). */
    RequestScope current() {
        return current;
    }

    RequestScope background() {
        return background;
    }

    /** Runs {@code task} on behalf of {@code scope} (and tells the watchdog). */
    void runAs(RequestScope scope, Runnable task) {
        RequestScope previous = current;
        current = scope;
        running = scope;
        taskNumber++;
        try {
            task.run();
        } finally {
            current = previous;
            running = previous == background ? null : previous;
        }
    }

    /** The scope of the task running now, or null; any thread. */
    RequestScope running() {
        return running;
    }

    /** Changes with every task: the watchdog tells one long task from many short ones; any thread. */
    long taskNumber() {
        return taskNumber;
    }

    /** Requests waiting for their response longer than {@code nanos}. */
    java.util.List<RequestScope> waitingLongerThan(long nanos) {
        long now = System.nanoTime();
        java.util.List<RequestScope> late = new java.util.ArrayList<>();
        for (RequestScope s : awaitingResponse.values()) if (now - s.arrivedNanos > nanos) late.add(s);
        return late;
    }

    /** A new request at RPC depth {@code depth}, waiting for its response. */
    RequestScope open(int depth, CompletableFuture<WebResponse> response, io.w7s.host.web.WebRequest origin) {
        RequestScope scope = new RequestScope(nextId++, depth, response, origin);
        awaitingResponse.put(scope.id, scope);
        return scope;
    }

    /** The request {@code id} if it still waits for its response (then it no longer does), else null. */
    RequestScope take(int id) {
        return awaitingResponse.remove(id);
    }

    boolean noneAwaitingResponse() {
        return awaitingResponse.isEmpty();
    }

    /** Fails every request still waiting for its response. */
    void failAll(Supplier<Throwable> error) {
        for (RequestScope scope : awaitingResponse.values()) scope.response.completeExceptionally(error.get());
        awaitingResponse.clear();
    }
}
