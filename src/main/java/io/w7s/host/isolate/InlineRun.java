package io.w7s.host.isolate;

/**
 * An RPC call without a thread hop: when the target isolate's loop is idle, the caller's loop thread
 * runs the target's task itself instead of waking the target's thread (tens of microseconds on a VM)
 * and waiting for the answer to be posted back. GraalJS lets a thread inside context A enter
 * context B (nested), and a context may be used by different threads one after another.
 *
 * <p>Only the part up to the target's first real wait runs here: its handler until it returns or
 * awaits, the microtasks that settle at once, and tasks posted to it meanwhile (a few). What comes
 * later runs on the target's own loop as before. Limits follow the work, not the thread: the
 * watchdog charges a thread's CPU to the loop it runs innermost ({@link EventLoop#runsInnermost}),
 * stops a runaway target on the borrowed thread (the caller's request is not touched), and counts
 * what the target allocates here towards its memory checks ({@link EventLoop#allocatedBytes}).
 *
 * <p>{@code -Dw7s.rpc.inline=false} turns it off; {@code -Dw7s.rpc.inlineDepth=N} bounds how many
 * isolates may nest on one thread (each nests JS frames on the borrower's 8 MiB stack).
 */
final class InlineRun {
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("w7s.rpc.inline", "true"));
    private static final int MAX_DEPTH = Integer.getInteger("w7s.rpc.inlineDepth", 4);
    /** Tasks posted to the target during the run that the borrower runs too (e.g. a nested call's answer). */
    private static final int MAX_FOLLOW_UPS = 8;
    /**
     * A task the watchdog finds running inline at two ticks in a row (20–40 ms) holds up the caller's
     * own requests: the target's calls go to its own thread for a while (1 s, doubling with every
     * further slow run up to a minute), so a slow or misbehaving target stalls a caller at most once
     * per such period (for at most its CPU limit). Judged by the watchdog, not by timing each run:
     * a GC pause or a preempted thread must not count, and the hot path stays free of clock reads.
     */
    private static final long FIRST_BAN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_BAN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private InlineRun() {
    }

    /** Runs {@code task} of {@code target} on the calling thread if allowed and the loop is idle; false otherwise. */
    static boolean tryRun(EventLoop target, Runnable task) {
        if (!ENABLED) return false;
        EventLoop home = EventLoop.home();
        if (home == null || home == target || home.borrowDepth >= MAX_DEPTH) return false;
        if (target.inlineBannedUntil - System.nanoTime() > 0 || !target.tryBorrow(home)) return false;
        EventLoop outer = home.innermost;
        home.innermost = target;
        home.borrowDepth++;
        home.lendings++; // an over-limit heap walk of a loop on this thread taken across this run is confirmed again (HeapMeter)
        try {
            target.runBorrowed(task);
            target.runQueued(MAX_FOLLOW_UPS);
        } finally {
            home.borrowDepth--;
            home.innermost = outer;
            target.endBorrow();
        }
        return true;
    }

    /** The task running inline in {@code target} is slow: no inline runs for a while (watchdog thread). */
    static void banSlow(EventLoop target) {
        long now = System.nanoTime();
        if (target.inlineBannedUntil - now > 0) return;
        target.inlineBan = target.inlineBan == 0 ? FIRST_BAN_NANOS : Math.min(MAX_BAN_NANOS, target.inlineBan * 2);
        target.inlineBannedUntil = now + target.inlineBan;
    }
}
