package io.w7s.host.isolate;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A single thread that runs an isolate's tasks (requests, timers, host callbacks) one at a time.
 * The isolate's context is only ever entered from this thread.
 *
 * <p>Any thread may {@link #post} a task (a lock-free queue; the loop is unparked only when it
 * sleeps); timers are scheduled from the loop itself. When it runs out of work the loop spins for
 * up to 50 µs before parking ({@code -Dw7s.loop.spinMicros=N}, 0 disables): an RPC reply usually
 * arrives within that window, and waking a parked thread on a VM costs tens of microseconds
 * (BENCHMARKS.md: one RPC call added 24 µs at p50 with the spin, 50 µs without, same run).
 */
final class EventLoop {
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("w7s.loop.spinMicros", 50));

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(); // loop thread only
    private final Consumer<Throwable> onTaskFailure;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean terminated;
    private long timerSequence;

    EventLoop(String name, Consumer<Throwable> onTaskFailure) {
        this.onTaskFailure = onTaskFailure;
        // 8 MiB of stack: deep JS recursion ends in a RangeError after ~10k frames, as in Node (1 MiB gives ~600).
        this.thread = new Thread(null, this::run, name, 8L << 20);
        thread.setDaemon(true);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    long threadId() {
        return thread.threadId();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the loop; returns false when the loop has stopped (the task will not run). */
    boolean post(Runnable task) {
        if (stopping) return false;
        tasks.offer(task);
        if (terminated) return !tasks.remove(task); // lost the race with the final drain
        if (sleeping) LockSupport.unpark(thread);
        return true;
    }

    /** Runs {@code task} on the loop after {@code delayMillis}; only the loop itself schedules. */
    Timer schedule(Runnable task, long delayMillis) {
        if (!inLoop()) throw new IllegalStateException("timers are scheduled from the isolate's own loop");
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)), timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Stops after the tasks already posted have run; pending timers are dropped. */
    void shutdown() {
        stopping = true;
        LockSupport.unpark(thread);
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(millis);
        return terminated;
    }

    private void run() {
        while (true) {
            if (!timers.isEmpty() && runDueTimer()) continue;
            Runnable task = tasks.poll();
            if (task != null) {
                runGuarded(task);
                continue;
            }
            if (stopping) break;
            if (spinForWork()) continue;
            sleeping = true;
            if (tasks.isEmpty() && !stopping) {
                Timer next = timers.peek();
                if (next == null) LockSupport.park(this);
                else LockSupport.parkNanos(this, next.due - System.nanoTime());
            }
            sleeping = false;
        }
        terminated = true;
        for (Runnable task; (task = tasks.poll()) != null; ) runGuarded(task);
    }

    private boolean runDueTimer() {
        Timer next = timers.peek();
        if (next.cancelled) {
            timers.poll();
            return true;
        }
        if (next.due - System.nanoTime() > 0) return false;
        timers.poll();
        runGuarded(next.task);
        return true;
    }

    private boolean spinForWork() {
        if (SPIN_NANOS <= 0) return false;
        long until = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - until < 0) {
            if (!tasks.isEmpty() || stopping) return true;
            Thread.onSpinWait();
        }
        return false;
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            onTaskFailure.accept(t);
        }
    }

    /** A scheduled task; cancelling it from the loop keeps it from running. */
    static final class Timer implements Comparable<Timer> {
        final long due;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Timer(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due - o.due, 0);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
