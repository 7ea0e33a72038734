package io.w7s.host.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the dashboard shows of one deployment or one RPC edge: running totals (rates are their differences
 * between two looks) and the p50/p99 of the last half minute (Micrometer's decaying percentiles).
 */
public final class LiveWindow {
    private final LongAdder total = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Timer latency;

    LiveWindow(MeterRegistry registry, String name, String key) {
        this.latency = Timer.builder(name).tag("key", key)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofSeconds(30))
                .distributionStatisticBufferLength(3)
                .register(registry);
    }

    void record(int status, long nanos) {
        total.increment();
        if (StatusClass.isError(status)) errors.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long total() {
        return total.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** p50 and p99 in milliseconds (0 when nothing was recorded lately). */
    public double[] percentilesMillis() {
        ValueAtPercentile[] values = latency.takeSnapshot().percentileValues();
        double[] ms = new double[2];
        for (ValueAtPercentile v : values) ms[v.percentile() < 0.9 ? 0 : 1] = v.value(TimeUnit.MILLISECONDS);
        return ms;
    }
}
