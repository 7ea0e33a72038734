package io.w7s.host.isolate;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code setTimeout}/{@code setInterval} on the isolate's loop: Java schedules, JS keeps the
 * callbacks. A timer fires on behalf of the request that set it. The loop's owner only ({@link EventLoop}).
 */
final class Timers {
    private final Isolate isolate;
    private final Map<Integer, EventLoop.Timer> scheduled = new HashMap<>();

    Timers(Isolate isolate) {
        this.isolate = isolate;
    }

    void set(int id, double delay) {
        long millis = Double.isNaN(delay) ? 0 : (long) Math.max(0, delay);
        scheduled.put(id, isolate.schedule(isolate.requests().current(), () -> {
            scheduled.remove(id);
            isolate.js().fireTimer(id);
        }, millis));
    }

    void clear(int id) {
        EventLoop.Timer timer = scheduled.remove(id);
        if (timer != null) timer.cancel();
    }

    void cancelAll() {
        scheduled.values().forEach(EventLoop.Timer::cancel);
        scheduled.clear();
    }
}
