package io.w7s.host.ingress;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 connections with a request-head deadline: Helidon's own connections, each wrapped so that a
 * watchdog can close it when a request head (request line and headers) takes longer than
 * {@link EdgeLimits#headTimeout()} to arrive. The clock starts when the connection opens and again
 * whenever the connection waits for the next request, and stops when the headers are parsed. So a
 * client sending a header a byte per second, and an idle keep-alive connection, are both closed after
 * the timeout; a slow body or a slow app is not affected.
 */
final class EdgeConnections implements ServerConnectionSelector {
    /** One watchdog thread for every host in the JVM; it only looks at connections that are open. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "w7s-edge-head-timeout");
        t.setDaemon(true);
        return t;
    });

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EdgeConnections.class.getName());
    private volatile Http1ConnectionSelector http1;
    private final long headTimeoutNanos;
    private final Map<ConnectionContext, Tracked> open = new ConcurrentHashMap<>();

    EdgeConnections(Duration headTimeout) {
        this.headTimeoutNanos = headTimeout.toNanos();
        long period = Math.max(50, Math.min(1000, headTimeout.toMillis() / 4));
        // Held weakly: when the server is gone, its task cancels itself.
        java.lang.ref.WeakReference<EdgeConnections> self = new java.lang.ref.WeakReference<>(this);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> task =
                new java.util.concurrent.atomic.AtomicReference<>();
        task.set(WATCHDOG.scheduleWithFixedDelay(() -> {
            EdgeConnections c = self.get();
            if (c != null) {
                c.check();
            } else if (task.get() != null) {
                task.get().cancel(false);
            }
        }, period, period, TimeUnit.MILLISECONDS));
    }

    /** Sets the HTTP/1.1 configuration of the connections (which holds this object as a listener). */
    void use(Http1Config config) {
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
    }

    // ---- selector: Helidon's HTTP/1.1 selector, with each connection wrapped ----

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        ServerConnection inner = http1.connection(ctx);
        return new Tracked(ctx, inner);
    }

    /** Called by {@link EdgeRules} when a request's headers are parsed: the head is complete. */
    void headers(ConnectionContext ctx, Headers headers) {
        Tracked t = open.get(ctx);
        if (t != null && !t.headComplete()) {
            throw new CloseConnectionException("request head timed out");
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Tracked t : open.values()) {
            try {
                t.check(now);
            } catch (RuntimeException e) {
                // a connection closing under us; the next round sees it gone
            }
        }
    }

    private final class Tracked implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionContext ctx;
        private final ServerConnection inner;
        /** When the wait for the current request head began; 0 while a request is being handled. */
        private long headSince = System.nanoTime();
        private boolean killed;

        Tracked(ConnectionContext ctx, ServerConnection inner) {
            this.ctx = ctx;
            this.inner = inner;
        }

        synchronized boolean headComplete() {
            if (killed) return false;
            headSince = 0;
            return true;
        }

        void check(long now) {
            boolean kill;
            synchronized (this) {
                if (killed) return;
                if (headSince == 0) {
                    // Back to reading a request line (Helidon's connection is interruptible only then):
                    // the next head's clock starts. Its headers() call comes after this, under the lock.
                    if (canInterrupt()) headSince = now;
                    return;
                }
                kill = now - headSince > headTimeoutNanos;
                if (kill) killed = true;
            }
            if (!kill) return;
            LOG.fine("closing a connection whose request head took over " + headTimeoutNanos / 1_000_000 + " ms");
            // Interrupting the connection's virtual thread closes its socket, blocked read or not.
            inner.close(true);
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            open.put(ctx, this);
            try {
                inner.handle(limit);
            } finally {
                open.remove(ctx);
            }
        }

        @Override
        @SuppressWarnings("removal")
        public void handle(java.util.concurrent.Semaphore requestSemaphore) throws InterruptedException {
            handle(io.helidon.common.concurrency.limits.FixedLimit.create(requestSemaphore));
        }

        @Override
        public Duration idleTime() {
            return inner.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            inner.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return inner instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
