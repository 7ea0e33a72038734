package io.w7s.host.deploy;

import io.w7s.host.isolate.IsolateClosedException;
import io.w7s.host.web.Futures;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The stable handle of one (environment, owner/repo), like workerd's {@code Service}: public ingress
 * and RPC both send requests here, and it forwards them to whichever {@link Deployment} serves the
 * repository now. A request that races a redeploy (it reached the old deployment just as that one
 * closed) is retried once on the new deployment, so a redeploy fails nothing.
 *
 * <p>While the host starts, a service exists before its first deployment has loaded (the listener
 * opens first): public requests then get {@code 503} with {@code Retry-After}, and RPC calls wait for
 * it ({@link #loaded()}), so the order in which repositories load never matters to their callers.
 */
public final class Service {
    private final String environment;
    private volatile Deployment current;
    /** The first deployment once loaded, or null when it failed to load (the service is then gone). */
    private final CompletableFuture<Deployment> loaded = new CompletableFuture<>();

    /** {@code owner/repo@environment} as first deployed or announced. */
    private final String label;

    Service(String environment, Deployment first) {
        this(environment, first, first.label());
    }

    private Service(String environment, Deployment first, String label) {
        this.environment = environment;
        this.current = first;
        this.label = label;
        if (first != null) loaded.complete(first);
    }

    /** A service whose first deployment ({@code label}) is still loading. */
    static Service loading(String environment, String label) {
        return new Service(environment, null, label);
    }

    /** True until the first deployment has loaded or failed to. */
    public boolean isLoading() {
        return !loaded.isDone();
    }

    /** Completes with the first deployment, or with null when it failed to load. */
    public CompletableFuture<Deployment> loaded() {
        if (!loaded.isDone()) awaited.complete(null);
        return loaded.copy();
    }

    /** Completes when a caller first waits for the first deployment (tests wait for that, not for a time). */
    private final CompletableFuture<Void> awaited = new CompletableFuture<>();

    CompletableFuture<Void> awaited() {
        return awaited;
    }

    /** The first deployment failed: callers waiting for it learn that it is not deployed. */
    void abandon() {
        loaded.complete(null);
    }

    /** The deployment serving now, or null once the repository was removed. */
    public Deployment current() {
        return current;
    }

    /** {@code owner/repo@environment} as first deployed or announced. */
    public String label() {
        return label;
    }

    public String environment() {
        return environment;
    }

    void replace(Deployment next) {
        current = next;
        loaded.complete(next);
    }

    /** Sends a request at RPC call depth {@code depth} (0 = public). */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        return handle(request, depth, d -> null);
    }

    /**
     * Same, checked against the deployment that will serve it: {@code refusal} returns the response to
     * give instead (e.g. its allowlist refuses the caller), or null to go ahead.
     */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth, Function<Deployment, WebResponse> refusal) {
        Deployment first = current;
        if (first == null) return CompletableFuture.failedFuture(new IsolateClosedException(environment + ": removed"));
        return Futures.retryOnce(send(first, request, depth, refusal), failure -> {
            Deployment now = current;
            return failure instanceof IsolateClosedException && now != null && now != first ? send(now, request, depth, refusal) : null;
        });
    }

    private static CompletableFuture<WebResponse> send(Deployment d, WebRequest request, int depth,
                                                       Function<Deployment, WebResponse> refusal) {
        WebResponse refused = refusal.apply(d);
        return refused != null ? CompletableFuture.completedFuture(refused) : d.handle(request, depth);
    }

    @Override
    public String toString() {
        Deployment d = current;
        return d != null ? d.label() : isLoading() ? label + " (loading)" : label + " (removed)";
    }
}
