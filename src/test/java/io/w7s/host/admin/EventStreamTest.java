package io.w7s.host.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.support.CapturedLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The event stream's loop, without a socket: it ends when a write fails (the client left) and when the listener stops. */
class EventStreamTest {
    @Test
    void writesEventsUntilTheClientLeaves() {
        AtomicInteger events = new AtomicInteger();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputStream client = new OutputStream() {
            @Override
            public void write(int b) {
                seen.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (events.get() == 3) throw new IOException("Broken pipe");
                seen.write(b, off, len);
            }
        };
        new EventStream().run(client, () -> "{\"n\":" + events.incrementAndGet() + "}"); // returns: the client is gone
        String text = seen.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("retry: " + EventStream.RETRY_MILLIS + "\n\n"), text);
        assertTrue(text.contains("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n"), text);
        assertEquals(3, events.get());
    }

    @Test
    void closeEndsEveryStreamAtOnce() throws Exception {
        EventStream stream = new EventStream();
        CountDownLatch firstEvent = new CountDownLatch(2);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> stream.run(OutputStream.nullOutputStream(), () -> {
            firstEvent.countDown();
            return "{}";
        }));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> stream.run(OutputStream.nullOutputStream(), () -> {
            firstEvent.countDown();
            return "{}";
        }));
        assertTrue(firstEvent.await(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS));
        stream.close();
        CompletableFuture.allOf(a, b).get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
}
