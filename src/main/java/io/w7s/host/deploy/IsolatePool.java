package io.w7s.host.deploy;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.isolate.IsolateClosedException;
import io.w7s.host.isolate.IsolateException;
import io.w7s.host.web.Futures;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The isolates running one deployment's code, so one deployment can use several cores. Each
 * request goes to the isolate with the fewest requests in flight. The pool starts with one
 * isolate; another starts only when every running one is busy and the pool is below its size, on
 * its own thread (the request that found them busy goes to the least busy one, the new isolate takes
 * later requests once booted). So an idle deployment costs one isolate, and an extra isolate idle for
 * {@link #IDLE_AFTER} is released. Module-level state is therefore per isolate, as on Workers.
 *
 * <p>An isolate that dies (a limit, a fatal error) leaves the pool; the requests that hit it are
 * retried once on another. When it was the last one, a replacement starts at once; otherwise the pool
 * simply grows again when it is busy.
 */
public final class IsolatePool {
    private static final Logger LOG = Logger.getLogger(IsolatePool.class.getName());
    /** The most isolates one deployment may run ({@code --isolates}, w7s.json {@code "isolates"}). */
    public static final int MAX_ISOLATES = 64;
    /** How long an isolate beyond the first may go without a request before it is released. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(60);
    /** After an extra isolate failed to start, how long busy requests do not try again (each try costs a boot). */
    private static final Duration GROW_RETRY = Duration.ofSeconds(10);
    /** One daemon thread for every pool's idle sweep: it only looks at counters and posts closes. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("w7s-isolate-sweeper").daemon().factory());

    /** Starts another isolate of the same code, settings and token. */
    interface IsolateFactory {
        Isolate start() throws IsolateException;
    }

    /** CPU time of this pool's isolates, those that left included ({@link Isolate#cpuNanos()}). */
    long cpuNanos() {
        long sum = departedCpu.get();
        for (Member m : members) sum += m.isolate.cpuNanos();
        return sum;
    }

    /** The default pool size: one isolate per core. */
    public static int perCore() {
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_ISOLATES);
    }

    private final String label;
    private final IsolateFactory factory;
    private final int size;
    private final Duration idleAfter;
    /** Read without a lock on every request; changed under the pool's lock. */
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final AtomicInteger replacements = new AtomicInteger();
    /** CPU time of the isolates that left the pool (as much as they had used when they left). */
    private final java.util.concurrent.atomic.AtomicLong departedCpu = new java.util.concurrent.atomic.AtomicLong();
    /** The start of the latest extra isolate (completed when none is starting). */
    private CompletableFuture<Void> growing = CompletableFuture.completedFuture(null);
    /** While the pool is empty (its last isolate died): completes when the replacement started or failed to. */
    private CompletableFuture<Void> replacement = CompletableFuture.completedFuture(null);
    private long noGrowBefore = System.nanoTime();
    private boolean sweeping;
    private boolean retired;

    IsolatePool(String label, Isolate first, IsolateFactory factory, int size) {
        this(label, first, factory, size, IDLE_AFTER);
    }

    IsolatePool(String label, Isolate first, IsolateFactory factory, int size, Duration idleAfter) {
        if (size < 1 || size > MAX_ISOLATES) throw new IllegalArgumentException("isolates: " + size + " is not between 1 and " + MAX_ISOLATES);
        this.label = label;
        this.factory = factory;
        this.size = size;
        this.idleAfter = idleAfter;
        join(first);
    }

    /** One running isolate and its requests in flight ({@link #RELEASED} once it was released while idle). */
    private final class Member {
        static final int RELEASED = Integer.MIN_VALUE;
        final Isolate isolate;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long lastDone = System.nanoTime();

        Member(Isolate isolate) {
            this.isolate = isolate;
        }

        /** Counts one more request, unless the member was released (then it takes none). */
        boolean acquire() {
            for (int n = inFlight.get(); n >= 0; n = inFlight.get()) {
                if (inFlight.compareAndSet(n, n + 1)) return true;
            }
            return false;
        }

        /** The response, completed only after the count went down: who sees it, sees the isolate free again. */
        CompletableFuture<WebResponse> send(WebRequest request, int depth) {
            CompletableFuture<WebResponse> response = isolate.handle(request, depth);
            return Futures.cancelling(response.whenComplete((r, e) -> {
                lastDone = System.nanoTime();
                inFlight.decrementAndGet();
            }), response);
        }
    }

    /** Handles a request on the least busy isolate; one that hit a dying isolate is retried once on another. */
    CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        Member first = pick();
        if (first == null) return Futures.then(available(), v -> sendToAny(request, depth));
        return Futures.retryOnce(first.send(request, depth), failure -> {
            if (!(failure instanceof IsolateClosedException) || !first.isolate.died().isDone() || isRetired()) return null;
            return Futures.then(available(), v -> sendToAny(request, depth));
        });
    }

    private CompletableFuture<WebResponse> sendToAny(WebRequest request, int depth) {
        Member m = pick();
        return m != null ? m.send(request, depth)
                : CompletableFuture.failedFuture(new IsolateClosedException(label + " (no isolate could be started)"));
    }

    /** The member with the fewest requests in flight, counted for one more; null when the pool is empty. */
    private Member pick() {
        while (true) {
            Member best = null;
            int least = Integer.MAX_VALUE;
            for (Member m : members) {
                int n = m.inFlight.get();
                if (n >= 0 && n < least) {
                    best = m;
                    least = n;
                }
            }
            if (best == null) return null;
            if (least > 0 && members.size() < size) grow();
            if (best.acquire()) return best;
        }
    }

    /** Starts one more isolate on its own thread, unless one is starting or the pool is full. */
    private synchronized void grow() {
        if (retired || !growing.isDone() || members.isEmpty() || members.size() >= size || System.nanoTime() - noGrowBefore < 0) return;
        CompletableFuture<Void> started = new CompletableFuture<>();
        growing = started;
        Thread.ofVirtual().name("w7s-grow " + label).start(() -> {
            long start = System.nanoTime();
            try {
                if (startAndJoin()) {
                    LOG.info(label + ": every isolate was busy; isolate " + members.size() + " of at most " + size
                            + " started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
            } catch (IsolateException | RuntimeException e) {
                synchronized (this) {
                    noGrowBefore = System.nanoTime() + GROW_RETRY.toNanos();
                }
                LOG.warning(label + ": could not start another isolate (the running ones keep serving; next try in "
                        + GROW_RETRY.toSeconds() + " s): " + e.getMessage());
            } finally {
                started.complete(null);
            }
        });
    }

    /**
     * Starts one more isolate of the code and adds it, unless the pool was retired meanwhile: then it
     * is closed before {@code retire()} completes. Returns whether it joined.
     */
    private boolean startAndJoin() throws IsolateException {
        Isolate fresh = factory.start();
        boolean joined;
        synchronized (this) {
            joined = !retired;
            if (joined) join(fresh);
        }
        if (!joined) fresh.drainAndClose(Duration.ZERO).join();
        return joined;
    }

    /** Adds a started isolate; called under the lock (or from the constructor). */
    private void join(Isolate isolate) {
        Member m = new Member(isolate);
        members.add(m);
        isolate.died().thenAccept(reason -> died(m, reason));
        if (members.size() > 1) sweepLater();
    }

    /** A dead isolate leaves the pool; the last one is replaced at once. */
    private synchronized void died(Member dead, String reason) {
        if (!members.remove(dead)) return;
        departedCpu.addAndGet(dead.isolate.cpuNanos());
        if (retired) return;
        if (!members.isEmpty()) {
            LOG.warning(label + ": an isolate died (" + reason + "); " + members.size() + " keep serving");
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        replacement = done;
        Thread.ofVirtual().name("w7s-replace " + label).start(() -> {
            long start = System.nanoTime();
            try {
                startAndJoin();
                replacements.incrementAndGet();
                LOG.warning(label + ": isolate replaced after " + reason + "; the new one started in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (IsolateException | RuntimeException e) {
                LOG.severe(label + ": could not start a replacement isolate after " + reason + ": " + e.getMessage());
            } finally {
                done.complete(null);
            }
        });
    }

    /** Completes once the pool has an isolate to send to, or its replacement failed to start. */
    private synchronized CompletableFuture<Void> available() {
        return members.isEmpty() ? replacement.copy() : CompletableFuture.completedFuture(null);
    }

    private synchronized boolean isRetired() {
        return retired;
    }

    /** Keeps a sweep scheduled while the pool holds isolates beyond the first. */
    private synchronized void sweepLater() {
        if (sweeping || retired) return;
        sweeping = true;
        SWEEPER.schedule(() -> {
            synchronized (this) {
                sweeping = false;
            }
            releaseIdle(System.nanoTime());
            if (members.size() > 1) sweepLater();
        }, Math.max(1, idleAfter.toMillis() / 4), TimeUnit.MILLISECONDS);
    }

    /**
     * Releases the isolates beyond the oldest that have had no request in flight since
     * {@code idleAfter} before {@code nowNanos}; returns how many. Tests call it with a time of their
     * choosing instead of waiting.
     */
    synchronized int releaseIdle(long nowNanos) {
        if (retired) return 0;
        int released = 0;
        for (int i = members.size() - 1; i > 0; i--) { // the newest first; the oldest one stays
            Member m = members.get(i);
            if (nowNanos - m.lastDone < idleAfter.toNanos()) continue;
            if (!m.inFlight.compareAndSet(0, Member.RELEASED)) continue; // busy: a request got there first
            members.remove(m);
            departedCpu.addAndGet(m.isolate.cpuNanos());
            m.isolate.drainAndClose(Deployer.DRAIN); // waitUntil work it still runs may finish
            released++;
        }
        if (released > 0) LOG.info(label + ": released " + released + " idle isolate(s); " + members.size() + " running");
        return released;
    }

    /** How many isolates are running now. */
    int size() {
        return members.size();
    }

    /** The start of the latest extra isolate; tests wait on it instead of on time. */
    synchronized CompletableFuture<Void> growing() {
        return growing.copy();
    }

    /** How many times the pool's last isolate died and was replaced. */
    int replacements() {
        return replacements.get();
    }

    /**
     * Every isolate drains (for up to {@code grace}) and closes; one still starting closes once it is up,
     * and the result waits for that too (closing the engine while a context boots deadlocks GraalJS).
     */
    CompletableFuture<Void> retire(Duration grace) {
        List<CompletableFuture<Void>> closing = new java.util.ArrayList<>();
        synchronized (this) {
            retired = true;
            for (Member m : members) closing.add(m.isolate.drainAndClose(grace));
            closing.add(growing);
            closing.add(replacement);
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    /** Cancels every isolate's code from outside (a loop may be stuck). */
    void kill(String reason) {
        for (Member m : members) m.isolate.kill(reason);
    }
}
