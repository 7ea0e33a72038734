package io.w7s.host.isolate;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The per-deployment memory limit. Community edition cannot cap a context's heap, so the host
 * measures it: when an isolate's thread has allocated {@link #MEASURE_AFTER_BYTES} since its last
 * measurement (and at most once per {@link #MIN_INTERVAL_NANOS}), one meter thread walks the heap the
 * context retains ({@link LimitsInstrument.Service#heapSize}, stopping just past the limit). An isolate
 * over its limit above its start-up baseline is cancelled and replaced by its deployment, before the
 * JVM runs short of heap; its requests in flight get 503 {@code memory_limit}. Needs the JIT runtime.
 */
final class HeapMeter {
    private static final Logger LOG = Logger.getLogger(HeapMeter.class.getName());
    static final long MEASURE_AFTER_BYTES = 64L * 1024 * 1024;
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final LimitsInstrument.Service service;
    private final ExecutorService meter = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("w7s-heap-meter").unstarted(r));
    /**
     * Truffle measures only from a thread it knows (one entered in a context of the engine), so the
     * meter thread measures while entered in this empty context of its own.
     */
    private final org.graalvm.polyglot.Context own;

    HeapMeter(LimitsInstrument.Service service, org.graalvm.polyglot.Engine engine) {
        this.service = service;
        this.own = org.graalvm.polyglot.Context.newBuilder("js").engine(engine).allowHostAccess(Sandbox.HOST_ACCESS).build();
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
        long lastMeasureNanos;
        final AtomicBoolean measuring = new AtomicBoolean();
        volatile long lastRetainedBytes;
    }

    /** Measures what the freshly booted isolate retains: the limit counts from there. */
    void measureBaseline(Isolate isolate) {
        State state = isolate.heapState();
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
        long now = System.nanoTime();
        if (allocatedBytes - state.allocatedAtLastMeasure < Math.min(MEASURE_AFTER_BYTES, isolate.limits().memoryBytes() / 2)
                || now - state.lastMeasureNanos < MIN_INTERVAL_NANOS
                || !state.measuring.compareAndSet(false, true)) {
            return;
        }
        state.allocatedAtLastMeasure = allocatedBytes;
        state.lastMeasureNanos = now;
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
        long retained;
        try {
            retained = heapSize(tc, allowed);
        } catch (RuntimeException e) {
            return; // the context closed meanwhile
        }
        state.lastRetainedBytes = retained;
        if (retained <= allowed) return;
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
