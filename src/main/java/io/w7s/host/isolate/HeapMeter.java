package io.w7s.host.isolate;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The per-deployment memory limit. Community edition cannot cap a context's heap, so the host
 * measures it: one meter thread walks the heap a context retains ({@link LimitsInstrument.Service#heapSize},
 * stopping just past the limit). A context cannot retain more than its thread allocated, so after a
 * measurement found headroom H (limit minus retained, above the start-up baseline) the next one is
 * due only once the isolate's thread has allocated H more bytes: an idle or garbage-only app is
 * rarely measured, one that keeps what it allocates is measured more and more often as it nears the
 * limit. An isolate over its limit is cancelled and replaced by its deployment, before the JVM runs
 * short of heap; its requests in flight get 503 {@code memory_limit}. Needs the JIT runtime.
 */
final class HeapMeter {
    private static final Logger LOG = Logger.getLogger(HeapMeter.class.getName());
    /** Measure at least this often in bytes allocated, however much headroom there was. */
    static final long MIN_STEP_BYTES = 1024 * 1024;

    private final LimitsInstrument.Service service;
    private final ExecutorService meter = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("w7s-heap-meter").unstarted(r));
    /**
     * Truffle measures only from a thread it knows (one entered in a context of the engine), so the
     * meter thread measures while entered in this empty context of its own.
     */
    private final org.graalvm.polyglot.Context own;

    HeapMeter(LimitsInstrument.Service service, org.graalvm.polyglot.Context own) {
        this.service = service;
        this.own = own;
    }

    private long heapSize(com.oracle.truffle.api.TruffleContext context, long stopAtBytes) {
        own.enter();
        try {
            return service.heapSize(context, stopAtBytes, new AtomicBoolean());
        } finally {
            own.leave();
        }
    }

    /** Per-isolate bookkeeping (the watchdog thread writes the plain fields). */
    static final class State {
        volatile long baselineBytes;
        long allocatedAtLastMeasure;
        /** Bytes the isolate may allocate before the next measurement (written by the meter, read by the watchdog). */
        volatile long nextStepBytes = 1024 * 1024 * 16;
        final AtomicBoolean measuring = new AtomicBoolean();
        volatile long lastRetainedBytes;
    }

    /** Measures what the freshly booted isolate retains: the limit counts from there. */
    void measureBaseline(Isolate isolate) {
        State state = isolate.heapState();
        state.nextStepBytes = isolate.limits().memoryBytes();
        state.measuring.set(true);
        meter.execute(() -> {
            try {
                var tc = isolate.truffleContext();
                if (tc != null) state.baselineBytes = heapSize(tc, Long.MAX_VALUE);
            } catch (RuntimeException e) {
                LOG.fine(() -> isolate.label() + ": measuring the baseline failed: " + e);
            } finally {
                state.measuring.set(false);
            }
        });
    }

    /** Called by the watchdog each tick with the isolate thread's allocation counter. */
    void afterTick(Isolate isolate, long allocatedBytes) {
        State state = isolate.heapState();
        if (allocatedBytes - state.allocatedAtLastMeasure < state.nextStepBytes || !state.measuring.compareAndSet(false, true)) {
            return;
        }
        state.allocatedAtLastMeasure = allocatedBytes;
        meter.execute(() -> {
            try {
                measure(isolate, state);
            } finally {
                state.measuring.set(false);
            }
        });
    }

    private void measure(Isolate isolate, State state) {
        var tc = isolate.truffleContext();
        if (tc == null || isolate.isClosed()) return;
        long limit = isolate.limits().memoryBytes();
        long allowed = state.baselineBytes + limit;
        EventLoop loop = isolate.loop();
        EventLoop home = loop.runningHome();
        long lendings = home.lendings;
        boolean innermost = loop.runsInnermost();
        long retained;
        try {
            retained = heapSize(tc, allowed);
        } catch (RuntimeException e) {
            return; // the context closed meanwhile
        }
        state.lastRetainedBytes = retained;
        if (retained <= allowed) {
            state.nextStepBytes = Math.max(MIN_STEP_BYTES, allowed - retained);
            return;
        }
        // Over, but its thread ran another isolate inline (an RPC target) during the walk: the walk also followed that
        // isolate's frames on the shared stack and may have counted its objects. Confirm with a walk at the next tick
        // (and at every tick while the run lasts), whatever this isolate allocates meanwhile; an isolate running
        // inline is itself the innermost and is judged as usual.
        if (!innermost || !loop.runsInnermost() || home.lendings != lendings || loop.runningHome() != home) {
            state.nextStepBytes = 0;
            return;
        }
        String message = "the deployment retained more than its memory limit of " + limit / Limits.MIB
                + " MiB; its isolate was replaced; w7s.json limits.memory_mb raises it";
        LOG.warning(isolate.label() + ": retains " + (retained - state.baselineBytes) / Limits.MIB + " MiB, over its memory limit of "
                + limit / Limits.MIB + " MiB: cancelling the isolate");
        isolate.killFromOutside("the memory limit", new LimitExceededException(LimitExceededException.Kind.MEMORY, message));
    }

    void stop() {
        meter.shutdownNow();
    }
}
