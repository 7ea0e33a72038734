package io.w7s.host.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The ownership protocol of {@link EventLoop} with {@link InlineRun}: who runs a task, and that nothing is lost. */
class EventLoopInlineTest {
    private final EventLoop caller = new EventLoop("caller", t -> t.printStackTrace());
    private final EventLoop target = new EventLoop("target", t -> t.printStackTrace());

    @AfterEach
    void stop() {
        caller.shutdown();
        target.shutdown();
    }

    /** Runs {@code body} on the caller's loop and waits for it. */
    private <T> T onCaller(java.util.function.Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        caller.post(() -> f.complete(body.get()));
        return f.join();
    }

    /** Waits until the target's thread has parked (past its spin, ownership released): an event, not a time. */
    private void idle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!target.parkedIdle()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the target's loop never went idle");
            Thread.onSpinWait();
        }
    }

    @Test
    void anIdleTargetsTaskRunsOnTheCallingLoopsThreadWhichOwnsItMeanwhile() throws Exception {
        Assumptions.assumeTrue(InlineRun.ENABLED);
        idle();
        Thread[] ranOn = new Thread[1];
        boolean[] owned = new boolean[1];
        onCaller(() -> target.runOrPost(() -> {
            ranOn[0] = Thread.currentThread();
            owned[0] = target.inLoop() && caller.inLoop();
        }));
        assertSame(caller.thread(), ranOn[0]);
        assertTrue(owned[0], "the borrower owns the target while it runs the task (and still its own loop)");
        assertSame(target, target.runningHome(), "ownership was given back");
    }

    @Test
    void aTimerTheBorrowerSchedulesFiresOnTheTargetsOwnThread() throws Exception {
        idle();
        CompletableFuture<Thread> fired = new CompletableFuture<>();
        onCaller(() -> target.runOrPost(() -> target.schedule(() -> fired.complete(Thread.currentThread()), 20)));
        assertSame(target.thread(), fired.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aTaskPostedToABorrowedLoopStillRuns() throws Exception {
        idle();
        CountDownLatch borrowed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean borrowRunning = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Boolean> laterRanDuringBorrow = new CompletableFuture<>();
        caller.post(() -> target.runOrPost(() -> {
            borrowed.countDown();
            try {
                release.await(); // a long task: posts meanwhile must not be lost
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            borrowRunning.set(false);
        }));
        assertTrue(borrowed.await(5, TimeUnit.SECONDS));
        assertTrue(target.post(() -> laterRanDuringBorrow.complete(borrowRunning.get())));
        release.countDown();
        assertFalse(laterRanDuringBorrow.get(60, TimeUnit.SECONDS), "never two owners at once");
    }

    @Test
    void aBusyTargetsTaskIsPostedToItsOwnThread() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        target.post(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        assertTrue(onCaller(() -> target.runOrPost(() -> ranOn.complete(Thread.currentThread()))));
        assertFalse(ranOn.isDone());
        release.countDown();
        assertSame(target.thread(), ranOn.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aThreadThatIsNoLoopsNeverRunsATaskInline() throws Exception {
        idle();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        target.runOrPost(() -> ranOn.complete(Thread.currentThread()));
        assertSame(target.thread(), ranOn.get(5, TimeUnit.SECONDS));
        assertEquals(null, EventLoop.home());
    }
}
