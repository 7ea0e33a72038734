package io.w7s.host.isolate;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A single thread that runs an isolate's tasks (requests, timers, host callbacks) one at a time.
 * The isolate's context is only ever entered from this thread.
 */
final class EventLoop {
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    EventLoop(String name, Consumer<Throwable> onTaskFailure) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(() -> {
                thread = Thread.currentThread();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.onTaskFailure = onTaskFailure;
    }

    private final Consumer<Throwable> onTaskFailure;

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the loop; returns false when the loop has been shut down. */
    boolean post(Runnable task) {
        try {
            executor.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                onTaskFailure.accept(t);
            }
        };
    }

    void shutdown() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
