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
 */
public final class Service {
    private final String environment;
    private volatile Deployment current;

    Service(String environment, Deployment first) {
        this.environment = environment;
        this.current = first;
    }

    /** The deployment serving now, or null once the repository was removed. */
    public Deployment current() {
        return current;
    }

    public String environment() {
        return environment;
    }

    void replace(Deployment next) {
        current = next;
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
        return d == null ? "removed service in " + environment : d.label();
    }
}
