package io.w7s.host.isolate;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs an isolate's tasks (requests, timers, host callbacks) one at a time. The isolate's context is
 * only ever entered by the loop's current <em>owner</em>: its own thread, or — see {@link #runOrPost} —
 * another isolate's loop thread that borrowed it while it was idle.
 *
 * <p>Any thread may {@link #post} a task (a lock-free queue; the loop is unparked only when it
 * sleeps); timers are scheduled by the owner. When it runs out of work the loop releases ownership
 * and spins for up to 50 µs before parking ({@code -Dw7s.loop.spinMicros=N}, 0 disables): an RPC
 * reply usually arrives within that window, and waking a parked thread on a VM costs tens of
 * microseconds (BENCHMARKS.md: one RPC call added 24 µs at p50 with the spin, 50 µs without, same run).
 *
 * <p><b>Ownership.</b> {@link #owner} is the thread allowed to run this loop's tasks now; the loop
 * thread takes it (CAS) before running anything and gives it back before spinning or parking. A
 * poster on another loop's thread that finds the loop idle (no owner, nothing queued) may take it and
 * run its task itself ({@link InlineRun}): no wake-up, no hop back. Whoever releases ownership while
 * work is pending (queued tasks, an earlier timer, a waiting loop thread) unparks the loop thread.
 */
final class EventLoop {
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("w7s.loop.spinMicros", 50));
    /** The loop whose own thread the current thread is (null on other threads). */
    private static final ThreadLocal<EventLoop> HOME = new ThreadLocal<>();

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(); // owner only
    private final Consumer<Throwable> onTaskFailure;
    private final Thread thread;
    final AtomicReference<Thread> owner = new AtomicReference<>();
    private volatile boolean sleeping;
    /** The loop thread found the loop borrowed and parks until the borrower releases it. */
    private volatile boolean waitingForOwner;
    /** When the parked loop thread will wake for its next timer; a borrower that schedules an earlier one wakes it. */
    private volatile long plannedWake = Long.MAX_VALUE;
    /** A borrower scheduled a timer earlier than {@link #plannedWake} (owner only). */
    private boolean earlierTimer;
    private volatile boolean stopping;
    private volatile boolean terminated;
    private long timerSequence;

    // Accounting of the thread of this loop (read by the watchdog): which loop's tasks it runs now,
    // and what the watchdog sampled of its CPU clock last.
    /** The loop whose task this loop's thread runs right now: this one, or one it borrowed (nested). */
    volatile EventLoop innermost = this;
    /** While borrowed: the home loop of the borrowing thread; else null. */
    volatile EventLoop borrowedBy;
    /** Nesting of borrowed loops on this loop's thread (this thread only). */
    int borrowDepth;
    /**
     * How many inline runs this loop's thread has started (written by this thread only). While one runs, the thread's
     * stack holds the target's frames too: a heap walk of a loop on this thread taken while one ran, or across the
     * start of one, may have counted another isolate's objects, so {@link HeapMeter} confirms it before it stops anyone.
     */
    volatile long lendings;
    long cpuSampled; // watchdog only
    long cpuSampledTick = Long.MIN_VALUE; // watchdog only
    /** {@link InlineRun} does not borrow this loop before this time ({@link System#nanoTime()}). */
    volatile long inlineBannedUntil = System.nanoTime();
    /** The length of the last ban (watchdog only). */
    long inlineBan;
    /** Bytes allocated by borrowers while they ran this loop's tasks (finished borrows). */
    private volatile long borrowedAllocated;
    /** A borrower's allocation counter when its borrow began. */
    private volatile long borrowStartAllocated;

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

    /** Whether the calling thread owns the loop now (its own thread running a task, or a borrower). */
    boolean inLoop() {
        return owner.get() == Thread.currentThread();
    }

    /** The home loop of the calling thread, or null when it is no loop's thread. */
    static EventLoop home() {
        return HOME.get();
    }

    /** Runs the task on the loop; returns false when the loop has stopped (the task will not run). */
    boolean post(Runnable task) {
        if (stopping) return false;
        tasks.offer(task);
        if (terminated) return !tasks.remove(task); // lost the race with the final drain
        // Borrowed: the borrower wakes the loop on release if the task is still queued then.
        if (sleeping && owner.get() == null) LockSupport.unpark(thread);
        return true;
    }

    /**
     * Runs the task at once on the calling thread when that is another loop's thread and this loop is
     * idle (see {@link InlineRun}); else posts it. False when the loop has stopped.
     */
    boolean runOrPost(Runnable task) {
        return InlineRun.tryRun(this, task) || post(task);
    }

    /** Takes ownership for a borrower if the loop is idle with nothing queued. */
    boolean tryBorrow(EventLoop home) {
        if (stopping || !tasks.isEmpty() || owner.get() != null) return false;
        if (!owner.compareAndSet(null, Thread.currentThread())) return false;
        borrowStartAllocated = CpuClock.currentAllocated();
        borrowedBy = home;
        return true;
    }

    /** Runs tasks posted meanwhile (at most {@code max}) while still borrowed; the borrower only. */
    void runQueued(int max) {
        for (int i = 0; i < max; i++) {
            Runnable task = tasks.poll();
            if (task == null) return;
            runGuarded(task);
        }
    }

    /** Gives ownership back; wakes the loop thread when work is pending. The borrower only. */
    void endBorrow() {
        borrowedAllocated += CpuClock.currentAllocated() - borrowStartAllocated;
        borrowedBy = null;
        boolean wake = earlierTimer;
        earlierTimer = false;
        owner.set(null);
        if (wake || waitingForOwner || stopping || !tasks.isEmpty()) LockSupport.unpark(thread);
    }

    void runBorrowed(Runnable task) {
        runGuarded(task);
    }

    /** Whether the loop's own thread is parked with nothing queued and no owner: a borrower may take it (tests wait for this). */
    boolean parkedIdle() {
        return sleeping && owner.get() == null && tasks.isEmpty();
    }

    /** Whether another loop's thread runs this loop's tasks now. */
    boolean isBorrowed() {
        return borrowedBy != null;
    }

    /** The thread running this loop's tasks now (a borrower's, else its own). */
    Thread runningThread() {
        Thread o = owner.get();
        return o != null ? o : thread;
    }

    /** The home loop of the thread running this loop's tasks now (for its accounting fields). */
    EventLoop runningHome() {
        EventLoop b = borrowedBy;
        return b != null ? b : this;
    }

    /** Whether the thread running this loop's tasks runs this loop's code right now (has not lent itself further). */
    boolean runsInnermost() {
        return runningHome().innermost == this;
    }

    /** Bytes allocated on behalf of this loop: by its thread, and by borrowers while they ran it (a trigger, not exact). */
    long allocatedBytes() {
        long total = CpuClock.allocated(thread.threadId()) + borrowedAllocated;
        EventLoop b = borrowedBy;
        if (b != null) total += Math.max(0, CpuClock.allocated(b.threadId()) - borrowStartAllocated);
        return total;
    }

    /** Runs {@code task} on the loop after {@code delayMillis}; only the owner schedules. */
    Timer schedule(Runnable task, long delayMillis) {
        if (!inLoop()) throw new IllegalStateException("timers are scheduled from the isolate's own loop");
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)), timerSequence++, task);
        timers.add(timer);
        if (Thread.currentThread() != thread && timer.due - plannedWake < 0) earlierTimer = true;
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
        HOME.set(this);
        while (true) {
            if (!owner.compareAndSet(null, thread)) {
                waitForBorrower();
                continue;
            }
            runAvailable();
            if (stopping) break; // keeps ownership for good
            Timer next = timers.peek();
            plannedWake = next == null ? Long.MAX_VALUE : next.due;
            owner.set(null);
            if (spinForWork()) continue;
            sleeping = true;
            if (tasks.isEmpty() && !stopping) {
                if (next == null) LockSupport.park(this);
                else LockSupport.parkNanos(this, next.due - System.nanoTime());
            }
            sleeping = false;
        }
        terminated = true;
        for (Runnable task; (task = tasks.poll()) != null; ) runGuarded(task);
        finalCpu = CpuClock.currentThread();
    }

    /** The loop thread's CPU time when it ended (read once the thread's own clock is gone). */
    private volatile long finalCpu;

    /** CPU nanoseconds this loop's thread has used (its final figure once it ended). */
    long cpuNanos() {
        long cpu = CpuClock.thread(thread.threadId());
        return cpu >= 0 ? cpu : finalCpu;
    }

    /** Runs due timers and queued tasks until there are none (owner). */
    private void runAvailable() {
        while (true) {
            if (!timers.isEmpty() && runDueTimer()) continue;
            Runnable task = tasks.poll();
            if (task == null) return;
            runGuarded(task);
        }
    }

    /** A borrower runs the loop's tasks: park until it gives the loop back (it unparks us). */
    private void waitForBorrower() {
        waitingForOwner = true;
        sleeping = true;
        if (owner.get() != null) LockSupport.park(this);
        sleeping = false;
        waitingForOwner = false;
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

    /** Spins (not owning the loop, so a poster may borrow it) until a task is queued or the wait is over. */
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
