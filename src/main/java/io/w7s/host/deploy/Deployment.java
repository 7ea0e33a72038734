package io.w7s.host.deploy;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One repository deployed into one environment: its settings and the isolate running its code.
 * Immutable; a redeploy builds a new Deployment and swaps it in.
 */
public final class Deployment {
    private final AppFolder app;
    private final String environment;
    private final String rpcToken;
    private final Isolate isolate;

    Deployment(AppFolder app, String environment, String rpcToken, Isolate isolate) {
        this.app = app;
        this.environment = environment;
        this.rpcToken = rpcToken;
        this.isolate = isolate;
    }

    /** The secret that identifies this deployment as an RPC caller; never log it. */
    String rpcToken() {
        return rpcToken;
    }

    public String owner() {
        return app.owner();
    }

    public String repo() {
        return app.repo();
    }

    public String repository() {
        return app.repository();
    }

    public String environment() {
        return environment;
    }

    public Path folder() {
        return app.root();
    }

    public AppSettings settings() {
        return app.settings();
    }

    /** {@code owner/repo@environment}, as in log lines. */
    public String label() {
        return app.repository() + "@" + environment;
    }

    /** Handles a public request. */
    public CompletableFuture<WebResponse> handle(WebRequest request) {
        return isolate.handle(request, 0);
    }

    /** Handles a request at RPC call depth {@code depth} (0 = public). */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        return isolate.handle(request, depth);
    }

    CompletableFuture<Void> retire(Duration grace) {
        return isolate.drainAndClose(grace);
    }

    @Override
    public String toString() {
        return label();
    }
}
