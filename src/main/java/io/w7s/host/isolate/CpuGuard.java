package io.w7s.host.isolate;

import com.oracle.truffle.api.ThreadLocalAction;
import java.time.Duration;
import org.graalvm.polyglot.Context;

/**
 * The CPU limit of one isolate, seen from the {@link Watchdog}'s thread. The CPU the isolate's thread
 * used since the last tick is charged to the request whose task is running now (sampling: reading the
 * clock per task would cost more than most tasks); work outside any request is limited per task. A
 * task over its request's CPU time is stopped exactly; if it keeps running, the context is
 * interrupted, then cancelled.
 */
final class CpuGuard {
    /** Generous CPU for loading the code: cold code runs interpreted, and big module graphs take seconds. */
    private static final Duration BOOT_CPU = Limits.MAXIMUMS.cpuPerRequest();
    /** After the stop action, how long a task may go on before the context is interrupted, then cancelled. */
    private static final long STUCK_NANOS = Duration.ofSeconds(5).toNanos();

    private final Isolate isolate;
    private final LimitsInstrument.Service truffle;
    // Watchdog thread only.
    private long sampledTask = -1;
    private long backgroundTaskCpu;
    private long stoppedTask = -1;
    private long stoppedAtNanos;
    /** Set on the isolate's thread by the stop action just before it throws into the runaway task. */
    private boolean taskStopped;

    CpuGuard(Isolate isolate, LimitsInstrument.Service truffle) {
        this.isolate = isolate;
        this.truffle = truffle;
    }

    /** One tick ({@code tick}, counting up) of the watchdog. */
    void check(long tick) {
        Requests requests = isolate.requests();
        RequestScope scope = requests.running();
        // Idle, or its thread runs another isolate's task nested in this one's (an inline RPC call,
        // charged to that isolate): skip the CPU clock (~3 µs a read; with many deployments, most are
        // idle at any tick). A thread's clock is sampled on its home loop, whichever isolate it ran:
        // a thread not sampled at the previous tick starts counting afresh, so short tasks between
        // ticks are not charged.
        EventLoop loop = isolate.loop();
        if (scope == null || !loop.runsInnermost()) return;
        EventLoop home = loop.runningHome();
        long cpu = CpuClock.thread(home.threadId());
        long delta = home.cpuSampledTick >= tick - 1 ? Math.max(0, cpu - home.cpuSampled) : 0;
        home.cpuSampled = cpu;
        home.cpuSampledTick = tick;
        long task = requests.taskNumber();
        boolean sameTask = task == sampledTask;
        sampledTask = task;
        if (sameTask && loop.isBorrowed()) InlineRun.banSlow(loop);
        long used;
        if (scope.isBackground()) used = backgroundTaskCpu = sameTask ? backgroundTaskCpu + delta : delta;
        else used = scope.cpuNanos += delta;
        if (stoppedTask == task) {
            escalate();
            return;
        }
        Limits limits = isolate.limits();
        long limit = (isolate.booted() ? limits.cpuPerRequest() : BOOT_CPU).toNanos();
        if (used <= limit || scope.stopped != null && !scope.isBackground()) return;
        scope.stopped = new LimitExceededException(LimitExceededException.Kind.CPU, "the request used more than its CPU limit of "
                + limits.cpuPerRequest().toMillis() + " ms (an endless loop?); w7s.json limits.cpu_ms raises it");
        stop(task);
    }

    /**
     * Stops task {@code task} exactly: the action runs on the isolate's thread at its next safepoint
     * and throws only if that task is still the one running (never an innocent later one). JS cannot
     * catch it; the loop answers the request ({@code Isolate.run}).
     */
    private void stop(long task) {
        stoppedTask = task;
        stoppedAtNanos = System.nanoTime();
        resubmit(task);
    }

    private void resubmit(long task) {
        Context c = isolate.context();
        var tc = isolate.truffleContext();
        if (tc == null || c == null) {
            Thread.ofVirtual().start(() -> interrupt(c));
            return;
        }
        // The thread running the task now: the isolate's own, or a caller's that runs it inline.
        truffle.runOn(tc, isolate.loop().runningThread(), new ThreadLocalAction(true, false) {
            @Override
            protected void perform(Access access) {
                // Not while the thread runs an RPC target nested in this task (InlineRun): the target's
                // code must not see this isolate's stop; the next tick submits it again.
                if (isolate.requests().taskNumber() != task || !isolate.loop().runsInnermost()) return;
                taskStopped = true;
                throw new TaskStopped();
            }
        });
    }

    /** Whether the task that just failed was stopped by this guard (isolate's thread). */
    boolean taskStopped() {
        return taskStopped;
    }

    /** Same, and forgets it (isolate's thread). */
    boolean takeTaskStopped() {
        boolean stopped = taskStopped;
        taskStopped = false;
        return stopped;
    }

    /** Thrown into a runaway task on its own thread; not a JS error, so JS cannot catch it. */
    private static final class TaskStopped extends RuntimeException {
        TaskStopped() {
            super("w7s: the task was stopped by the host", null, false, false);
        }
    }

    /** The stopped task is still running: interrupt the context, and if even that fails, cancel it. */
    private void escalate() {
        long stuck = System.nanoTime() - stoppedAtNanos;
        if (stuck < STUCK_NANOS) resubmit(stoppedTask); // it may have come while an RPC target ran nested in the task
        if (stuck > 2 * STUCK_NANOS) {
            stoppedAtNanos = Long.MAX_VALUE / 2; // once
            isolate.log().error("the stopped code is still running; cancelling the isolate");
            isolate.killFromOutside("code that could not be stopped", null);
        } else if (stuck > STUCK_NANOS && stuck < STUCK_NANOS + Watchdog.TICK_NANOS * 2) {
            Context c = isolate.context();
            Thread.ofVirtual().start(() -> interrupt(c));
        }
    }

    private void interrupt(Context c) {
        if (c == null) return;
        try {
            c.interrupt(Duration.ofSeconds(10));
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            if (!isolate.isClosed()) isolate.log().error("interrupting the isolate failed: " + e);
        }
    }
}
