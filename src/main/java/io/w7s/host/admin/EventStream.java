package io.w7s.host.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-sent events ({@code text/event-stream}), one every {@link #TICK}, written by hand on a response's stream. Each
 * stream ends when its client goes (a write fails) or at once when the listener stops ({@link #close}), so no open
 * dashboard holds up a shutdown.
 */
final class EventStream {
    static final Duration TICK = Duration.ofSeconds(1);
    /** How long a browser waits before it connects again after losing the stream. */
    static final int RETRY_MILLIS = 2000;

    private final CountDownLatch closing = new CountDownLatch(1);

    /**
     * Writes an event of {@code next} (one line of JSON) now and after each tick until the client goes or
     * {@link #close} is called; then returns.
     */
    void run(OutputStream out, Supplier<String> next) {
        try {
            write(out, "retry: " + RETRY_MILLIS + "\n\n");
            do {
                write(out, "data: " + next.get() + "\n\n");
            } while (!closing.await(TICK.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every stream (their last event is already sent); new ones end after their first event. */
    void close() {
        closing.countDown();
    }
}
