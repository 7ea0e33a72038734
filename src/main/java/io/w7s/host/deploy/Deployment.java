package io.w7s.host.deploy;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.isolate.IsolateClosedException;
import io.w7s.host.isolate.IsolateException;
import io.w7s.host.web.Futures;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One repository deployed into one environment: its settings, its RPC token and the isolate running
 * its code. A redeploy builds a new Deployment and swaps it in. When the isolate dies (it went over
 * its memory limit, or code could not be stopped), the deployment starts a fresh one from the same
 * code and settings; requests that hit the dead isolate are served by its replacement.
 */
public final class Deployment {
    private static final Logger LOG = Logger.getLogger(Deployment.class.getName());

    /** Starts another isolate of the same code, settings and token. */
    interface IsolateFactory {
        Isolate start() throws IsolateException;
    }

    private final AppFolder app;
    private final String environment;
    private final String rpcToken;
    private final IsolateFactory factory;
    private volatile Isolate isolate;
    /** The isolate that replaces a dead one, while it starts; then the same as {@link #isolate}. */
    private volatile CompletableFuture<Isolate> replacement;
    private volatile boolean retired;
    private final AtomicInteger replacements = new AtomicInteger();

    Deployment(AppFolder app, String environment, String rpcToken, Isolate isolate, IsolateFactory factory) {
        this.app = app;
        this.environment = environment;
        this.rpcToken = rpcToken;
        this.factory = factory;
        this.isolate = isolate;
        this.replacement = CompletableFuture.completedFuture(isolate);
        isolate.died().thenAccept(reason -> replace(isolate, reason));
    }

    /** Starts a fresh isolate in place of {@code dead} (once per death), on its own thread. */
    private synchronized void replace(Isolate dead, String reason) {
        if (retired || isolate != dead) return;
        CompletableFuture<Isolate> next = new CompletableFuture<>();
        replacement = next;
        Thread.ofVirtual().name("w7s-replace " + label()).start(() -> {
            long start = System.nanoTime();
            try {
                Isolate fresh = factory.start();
                synchronized (this) {
                    isolate = fresh;
                    if (retired) fresh.drainAndClose(java.time.Duration.ZERO);
                }
                replacements.incrementAndGet();
                fresh.died().thenAccept(r -> replace(fresh, r));
                LOG.warning(label() + ": isolate replaced after " + reason + "; the new one started in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
                next.complete(fresh);
            } catch (IsolateException | RuntimeException e) {
                LOG.severe(label() + ": could not start a replacement isolate after " + reason + ": " + e.getMessage());
                next.completeExceptionally(e);
            }
        });
    }

    /** How many times a dead isolate was replaced (for tests and operators). */
    public int isolateReplacements() {
        return replacements.get();
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
        return handle(request, 0);
    }

    /** Handles a request at RPC call depth {@code depth} (0 = public); one that hit a dead isolate goes to its replacement. */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        Isolate tried = isolate;
        return Futures.retryOnce(tried.handle(request, depth), failure -> {
            if (!(failure instanceof IsolateClosedException) || retired || !tried.died().isDone()) return null;
            return replacement.thenCompose(fresh -> fresh == tried ? CompletableFuture.<WebResponse>failedFuture(failure)
                    : fresh.handle(request, depth));
        });
    }

    /** Cancels the isolate's code from outside (its loop may be stuck); used when a stopping host runs out of time. */
    void kill(String reason) {
        isolate.kill(reason);
    }

    CompletableFuture<Void> retire(Duration grace) {
        synchronized (this) {
            retired = true;
        }
        return isolate.drainAndClose(grace);
    }

    @Override
    public String toString() {
        return label();
    }
}
