package io.w7s.host.web;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A body in flight between one producer and one consumer: a queue of byte chunks with backpressure.
 * Either side may block (a Helidon virtual thread: {@link #write}, {@link #take}) or not (an isolate's
 * loop thread: {@link #offer}, {@link #poll}, which arm a one-shot callback instead of waiting).
 *
 * <p>The producer may run ahead of the consumer by {@link #HIGH_WATER} bytes (plus one chunk); then
 * it is told to wait, and woken when the consumer has taken the queue below {@link #LOW_WATER}. So a
 * body of any size holds at most about a MiB per stream in memory. The consumer may {@link #cancel};
 * the producer then learns it through {@link #onCancel}, and further writes fail.
 */
public final class BodyStream {
    public static final long HIGH_WATER = 1 << 20;
    public static final long LOW_WATER = HIGH_WATER / 2;
    /** Returned by {@link #poll} at the end of the body. */
    public static final byte[] END = new byte[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private long queued;
    private boolean ended;
    private String error;
    private String cancelled;
    private Runnable whenReadable;
    private Runnable whenWritable;
    private Runnable onCancel;

    // ---- producer ----

    /** Registers what to run (once, on the cancelling thread) when the consumer cancels. */
    public void onCancel(Runnable listener) {
        boolean now;
        lock.lock();
        try {
            now = cancelled != null;
            if (!now) onCancel = listener;
        } finally {
            lock.unlock();
        }
        if (now) listener.run();
    }

    /**
     * Queues a chunk without blocking. Returns 1 when the producer may go on, 0 when it must wait
     * for {@code whenWritable} (run once, on the consumer's thread, when the queue has drained or the
     * stream was cancelled), -1 when the consumer has cancelled (the chunk is dropped).
     */
    public int offer(byte[] chunk, Runnable whenWritable) {
        Runnable wake;
        int result;
        lock.lock();
        try {
            if (cancelled != null) return -1;
            if (ended) throw new IllegalStateException("write after end");
            if (chunk.length > 0) {
                chunks.add(chunk);
                queued += chunk.length;
            }
            changed.signalAll();
            wake = takeReadable();
            if (queued < HIGH_WATER) {
                result = 1;
            } else {
                this.whenWritable = whenWritable;
                result = 0;
            }
        } finally {
            lock.unlock();
        }
        run(wake);
        return result;
    }

    /** Queues a chunk, blocking while the queue is full; fails when the consumer has cancelled. */
    public void write(byte[] chunk) throws IOException {
        Runnable wake;
        lock.lock();
        try {
            while (cancelled == null && queued >= HIGH_WATER) awaitChange();
            if (cancelled != null) throw new IOException("body stream cancelled: " + cancelled);
            if (chunk.length > 0) {
                chunks.add(chunk);
                queued += chunk.length;
            }
            changed.signalAll();
            wake = takeReadable();
        } finally {
            lock.unlock();
        }
        run(wake);
    }

    /** Size of the pieces {@link #copyFrom} writes. */
    public static final int CHUNK = 64 * 1024;

    /**
     * Copies {@code in} into this stream in pieces of up to {@link #CHUNK} bytes, taking along what
     * has already arrived without waiting to fill a piece, and blocking while the consumer is behind.
     * Does not end the stream.
     *
     * @return false as soon as more than {@code maxBytes} arrived (the rest is not read)
     * @throws IOException when reading fails or the consumer cancelled
     */
    public boolean copyFrom(java.io.InputStream in, long maxBytes) throws IOException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        for (;;) {
            int n = in.read(buf, 0, CHUNK);
            if (n < 0) return true;
            while (n < CHUNK && in.available() > 0) {
                int m = in.read(buf, n, CHUNK - n);
                if (m < 0) break;
                n += m;
            }
            total += n;
            if (total > maxBytes) return false;
            if (n > 0) write(java.util.Arrays.copyOf(buf, n));
        }
    }

    /** Ends the body: normally ({@code error} null) or with an error the consumer will see. Idempotent. */
    public void end(String error) {
        Runnable wake;
        lock.lock();
        try {
            if (ended) return;
            ended = true;
            this.error = error;
            changed.signalAll();
            wake = takeReadable();
        } finally {
            lock.unlock();
        }
        run(wake);
    }

    // ---- consumer ----

    /**
     * Takes the next chunk without blocking: a chunk, {@link #END}, or null when none is there yet
     * ({@code whenReadable} then runs once, on the producer's thread, when there is).
     *
     * @throws IOException when the producer ended the body with an error
     */
    public byte[] poll(Runnable whenReadable) throws IOException {
        Runnable wake;
        byte[] chunk;
        lock.lock();
        try {
            chunk = chunks.poll();
            if (chunk == null) {
                if (ended) {
                    if (error != null) throw new IOException(error);
                    return END;
                }
                if (cancelled != null) return END;
                this.whenReadable = whenReadable;
                return null;
            }
            wake = taken(chunk);
        } finally {
            lock.unlock();
        }
        run(wake);
        return chunk;
    }

    /** Takes the next chunk, blocking until there is one; null at the end of the body. */
    public byte[] take() throws IOException {
        Runnable wake;
        byte[] chunk;
        lock.lock();
        try {
            while ((chunk = chunks.poll()) == null) {
                if (ended) {
                    if (error != null) throw new IOException(error);
                    return null;
                }
                if (cancelled != null) return null;
                awaitChange();
            }
            wake = taken(chunk);
        } finally {
            lock.unlock();
        }
        run(wake);
        return chunk;
    }

    /** Whether a chunk is queued right now (the consumer flushes its output when none is). */
    public boolean hasQueued() {
        lock.lock();
        try {
            return !chunks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The consumer gives up: queued chunks are dropped, the producer is told. Idempotent. */
    public void cancel(String reason) {
        Runnable listener, wake;
        lock.lock();
        try {
            if (cancelled != null) return;
            cancelled = reason == null ? "cancelled" : reason;
            chunks.clear();
            queued = 0;
            changed.signalAll();
            listener = ended ? null : onCancel;
            onCancel = null;
            wake = whenWritable;
            whenWritable = null;
        } finally {
            lock.unlock();
        }
        run(listener);
        run(wake);
    }

    public boolean isDone() {
        lock.lock();
        try {
            return cancelled != null || (ended && chunks.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    private Runnable taken(byte[] chunk) {
        queued -= chunk.length;
        changed.signalAll();
        if (whenWritable != null && queued < LOW_WATER) {
            Runnable w = whenWritable;
            whenWritable = null;
            return w;
        }
        return null;
    }

    private Runnable takeReadable() {
        Runnable r = whenReadable;
        whenReadable = null;
        return r;
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the body stream");
        }
    }

    private static void run(Runnable r) {
        if (r != null) r.run();
    }
}
