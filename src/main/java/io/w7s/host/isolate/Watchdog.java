package io.w7s.host.isolate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One host thread that looks at every live isolate a few times per second and stops what went over
 * its {@link Limits} while the isolate's own loop cannot (it is busy running the offending code):
 * a task over its request's CPU time is interrupted ({@link Isolate#checkLimits(long)}).
 */
final class Watchdog {
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("w7s.watchdog.tickMillis", 20));

    private final Set<Isolate> isolates = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog() {
        thread = Thread.ofPlatform().daemon().name("w7s-watchdog").start(this::run);
    }

    void watch(Isolate isolate) {
        isolates.add(isolate);
    }

    void forget(Isolate isolate) {
        isolates.remove(isolate);
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        long tick = 0;
        while (!stopped) {
            LockSupport.parkNanos(this, TICK_NANOS);
            tick++;
            for (Isolate isolate : isolates) {
                try {
                    isolate.checkLimits(tick);
                } catch (RuntimeException e) {
                    System.getLogger(Watchdog.class.getName()).log(System.Logger.Level.ERROR, "watchdog: " + isolate.label(), e);
                }
            }
        }
    }
}
