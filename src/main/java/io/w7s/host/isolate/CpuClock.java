package io.w7s.host.isolate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Thread CPU time, for the per-request CPU limit: the isolate's own thread, and any thread by id for the watchdog. */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {
    }

    /** CPU nanoseconds the calling thread has used. */
    static long currentThread() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Bytes the calling thread has allocated so far (cheap). */
    static long currentAllocated() {
        return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
    }

    /** Bytes thread {@code id} has allocated so far (cheap: ~150 ns). */
    static long allocated(long id) {
        return ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(id);
    }

    /** CPU nanoseconds thread {@code id} has used, or -1 when it is gone. */
    static long thread(long id) {
        return THREADS.getThreadCpuTime(id);
    }
}
