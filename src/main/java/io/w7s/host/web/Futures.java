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
}
