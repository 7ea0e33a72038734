package io.w7s.host.ingress;

import io.helidon.common.buffers.DataReader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notices a public client that goes away while its app is still working on the response, so the
 * app's {@code request.signal} aborts and everything it started (RPC calls, fetches) is cancelled.
 * Helidon reads a connection only between requests, so while the handler waits, a virtual thread
 * waits for the connection's next bytes: end of stream means the client left; bytes (a pipelined or
 * the next request) stay buffered in Helidon's reader for the next request. Used only when the
 * request's body has been read, so no one else reads the connection meanwhile.
 */
final class ClientWatch {
    private final CompletableFuture<Boolean> next = new CompletableFuture<>(); // true: bytes arrived; false: the client left

    private ClientWatch() {
    }

    static ClientWatch start(DataReader reader, Runnable onClientGone) {
        ClientWatch watch = new ClientWatch();
        Thread.ofVirtual().name("w7s-client-watch").start(() -> {
            boolean more;
            try {
                reader.ensureAvailable();
                more = true;
            } catch (RuntimeException e) { // end of stream, or the connection was closed
                more = false;
            }
            watch.next.complete(more);
            if (!more) onClientGone.run();
        });
        return watch;
    }

    boolean clientLeft() {
        return next.getNow(true) == Boolean.FALSE;
    }

    /**
     * After the response: whether the connection may carry another request. Waits (up to the idle
     * limit) for the watcher's read to end — the connection's own thread would wait for the next
     * request just the same — so that only one thread reads the connection afterwards.
     */
    boolean nextRequestArrives(Duration idleLimit) {
        try {
            return next.get(idleLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }
}
