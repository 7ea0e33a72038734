package io.w7s.host.web;

import java.util.concurrent.CompletableFuture;

/** Cancellation across composed futures: a caller that gives up must stop the work it started. */
public final class Futures {
    private Futures() {
    }

    /**
     * Returns {@code derived}, made so that cancelling it also cancels {@code source} (the work it was
     * derived from): {@code thenApply}/{@code handle}/{@code exceptionallyCompose} do not pass a
     * cancellation back on their own.
     */
    public static <T> CompletableFuture<T> cancelling(CompletableFuture<T> derived, CompletableFuture<?> source) {
        derived.whenComplete((r, e) -> {
            if (derived.isCancelled()) source.cancel(true);
        });
        return derived;
    }

    /**
     * {@code first}, or — when it fails and {@code retry} returns another attempt for that failure
     * (null: no retry) — that attempt. Cancelling the result cancels whichever attempt is running.
     */
    public static <T> CompletableFuture<T> retryOnce(CompletableFuture<T> first,
                                                     java.util.function.Function<Throwable, CompletableFuture<T>> retry) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] second = new CompletableFuture[1];
        CompletableFuture<T> result = first.exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            CompletableFuture<T> again = retry.apply(cause);
            return again == null ? CompletableFuture.failedFuture(e) : (second[0] = again);
        });
        result.whenComplete((r, e) -> {
            if (!result.isCancelled()) return;
            first.cancel(true);
            if (second[0] != null) second[0].cancel(true);
        });
        return result;
    }

    /**
     * {@code first.thenCompose(next)}, where cancelling the result cancels whichever of the two is
     * running ({@code thenCompose} alone passes a cancellation to neither).
     */
    public static <A, T> CompletableFuture<T> then(CompletableFuture<A> first,
                                                   java.util.function.Function<A, CompletableFuture<T>> next) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] second = new CompletableFuture[1];
        CompletableFuture<T> result = first.thenCompose(a -> second[0] = next.apply(a));
        result.whenComplete((r, e) -> {
            if (!result.isCancelled()) return;
            first.cancel(true);
            if (second[0] != null) second[0].cancel(true);
        });
        return result;
    }
}
