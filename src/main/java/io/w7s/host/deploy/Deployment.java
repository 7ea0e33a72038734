package io.w7s.host.deploy;

import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One repository deployed into one environment: its settings, its RPC token and the {@link IsolatePool}
 * running its code (every isolate of the pool shares the token: it identifies the deployment). A
 * redeploy builds a new Deployment and swaps it in; the old one's isolates drain and close.
 */
public final class Deployment {
    private final AppFolder app;
    private final String environment;
    private final String rpcToken;
    private final IsolatePool isolates;
    /** Runs once its isolates have stopped (an engine of its own is closed then). */
    private final Runnable retired;
    private final int modules;
    private final java.time.Instant deployedAt = java.time.Instant.now();

    Deployment(AppFolder app, String environment, String rpcToken, IsolatePool isolates, int modules, Runnable retired) {
        this.app = app;
        this.environment = environment;
        this.rpcToken = rpcToken;
        this.isolates = isolates;
        this.retired = retired;
        this.modules = modules;
    }

    /** When this version started serving. */
    public java.time.Instant deployedAt() {
        return deployedAt;
    }

    /** How many modules its graph holds. */
    public int modules() {
        return modules;
    }

    /** The entry module, relative to the app folder ({@code src/index.ts}). */
    public String entry() {
        return app.root().relativize(app.entry()).toString().replace('\\', '/');
    }

    /** How many times a dead isolate was replaced (for tests and operators). */
    public int isolateReplacements() {
        return isolates.replacements();
    }

    /** CPU time its isolates' threads have used, those released or replaced included (for metrics). */
    public long cpuNanos() {
        return isolates.cpuNanos();
    }

    /** How many isolates run this deployment now (for tests and operators). */
    public int isolateCount() {
        return isolates.size();
    }

    IsolatePool isolates() {
        return isolates;
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
        return DeploymentLabel.of(app.repository(), environment);
    }

    /** Handles a public request. */
    public CompletableFuture<WebResponse> handle(WebRequest request) {
        return handle(request, 0);
    }

    /** Handles a request at RPC call depth {@code depth} (0 = public) on the least busy of its isolates. */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        return isolates.handle(request, depth);
    }

    /** Cancels the isolates' code from outside (a loop may be stuck); used when a stopping host runs out of time. */
    void kill(String reason) {
        isolates.kill(reason);
    }

    CompletableFuture<Void> retire(Duration grace) {
        return isolates.retire(grace).whenComplete((v, e) -> retired.run());
    }

    @Override
    public String toString() {
        return label();
    }
}
