package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * The body streams one isolate holds, by the id its JavaScript knows them by: streams JS produces
 * into (response and outgoing request bodies) and streams JS consumes (incoming request bodies,
 * RPC and fetch response bodies). The loop's owner only ({@link EventLoop}).
 */
final class IsolateStreams {
    /** Tells JS about a stream on the loop: 0 = go on (data or room available), 1 = cancelled. */
    interface Notifier {
        void notify(int sid, int event);
    }

    /** One end of a body stream held by this isolate. */
    private static final class StreamEnd {
        final BodyStream stream;
        final boolean producer;
        /** The request whose work opened it: its events run on that request's behalf (CPU limit, cancellation). */
        final RequestScope scope;
        /** For a streamed response: the request's streamed body, released when the response ends. */
        int requestSid = -1;

        StreamEnd(BodyStream stream, boolean producer, RequestScope scope) {
            this.stream = stream;
            this.producer = producer;
            this.scope = scope;
        }
    }

    private final Map<Integer, StreamEnd> streams = new HashMap<>();
    /** A request's streamed body, by request id, until the response is complete. */
    private final Map<Integer, Integer> requestStreams = new HashMap<>();
    private final Notifier notifier;
    private final java.util.function.Supplier<RequestScope> currentScope;
    private int nextId = 1;

    IsolateStreams(Notifier notifier, java.util.function.Supplier<RequestScope> currentScope) {
        this.notifier = notifier;
        this.currentScope = currentScope;
    }

    /** The request on whose behalf stream {@code sid} was opened, or null when it is gone. */
    RequestScope scopeOf(int sid) {
        StreamEnd end = streams.get(sid);
        return end == null ? null : end.scope;
    }

    boolean holds(int sid) {
        return streams.containsKey(sid);
    }

    boolean isEmpty() {
        return streams.isEmpty();
    }

    /** The stream with this id (JS produced or consumes it), or null for {@code sid < 0} or an unknown id. */
    BodyStream stream(int sid) {
        StreamEnd end = sid < 0 ? null : streams.get(sid);
        return end == null ? null : end.stream;
    }

    /** A new stream JS will produce into (a response or outgoing request body); the consumer's cancel reaches JS. */
    int openProducer() {
        int sid = nextId++;
        BodyStream stream = new BodyStream();
        streams.put(sid, new StreamEnd(stream, true, currentScope.get()));
        stream.onCancel(() -> notifier.notify(sid, 1));
        return sid;
    }

    /** Registers a stream JS will consume (a request body or a response body); returns its id. */
    int consume(BodyStream stream) {
        int sid = nextId++;
        streams.put(sid, new StreamEnd(stream, false, currentScope.get()));
        return sid;
    }

    /** Registers the streamed body of request {@code requestId}; returns its id. */
    int consumeRequestBody(int requestId, BodyStream stream) {
        int sid = consume(stream);
        requestStreams.put(requestId, sid);
        return sid;
    }

    /** JS wrote a chunk: 1 go on, 0 wait for notify(sid, 0), -1 the consumer cancelled. */
    int write(int sid, Value buffer, int offset, int length) {
        StreamEnd end = streams.get(sid);
        if (end == null || !end.producer) return -1;
        int r = end.stream.offer(Isolate.bytesOf(buffer, offset, length), () -> notifier.notify(sid, 0));
        if (r < 0) finishProduced(sid);
        return r;
    }

    void end(int sid, String error) {
        StreamEnd end = streams.get(sid);
        if (end == null || !end.producer) return;
        end.stream.end(error);
        finishProduced(sid);
    }

    private void finishProduced(int sid) {
        StreamEnd end = streams.remove(sid);
        if (end != null && end.requestSid >= 0) release(end.requestSid);
    }

    /** The next chunk for JS: a ByteBuffer, 0 at the end, a String on error, null when JS must wait for notify(sid, 0). */
    Object poll(int sid) {
        StreamEnd end = streams.get(sid);
        if (end == null || end.producer) return 0;
        try {
            byte[] chunk = end.stream.poll(() -> notifier.notify(sid, 0));
            if (chunk == null) return null;
            if (chunk == BodyStream.END) {
                streams.remove(sid);
                return 0;
            }
            return ByteBuffer.wrap(chunk);
        } catch (java.io.IOException e) {
            streams.remove(sid);
            return String.valueOf(e.getMessage());
        }
    }

    /** JS cancelled a stream it consumes. */
    void cancel(int sid, String reason) {
        StreamEnd end = streams.remove(sid);
        if (end != null && !end.producer) end.stream.cancel(reason);
    }

    /**
     * Request {@code requestId} got its response: the request's streamed body stays readable until a
     * streamed response body ({@code sid}) ends, or is released now. Returns the response's stream or null.
     */
    BodyStream respond(int requestId, int sid) {
        Integer requestSid = requestStreams.remove(requestId);
        StreamEnd produced = sid < 0 ? null : streams.get(sid);
        if (produced != null && requestSid != null) produced.requestSid = requestSid;
        else if (requestSid != null) release(requestSid);
        return produced == null ? null : produced.stream;
    }

    /** The request failed or never reached JS: its streamed body is dropped. */
    void dropRequestBody(int requestId, String reason) {
        Integer sid = requestStreams.remove(requestId);
        if (sid == null) return;
        StreamEnd end = streams.remove(sid);
        if (end != null) end.stream.cancel(reason);
    }

    /**
     * The response is complete: the request's streamed body is dropped (as in Workers, it cannot be
     * read after the response); a producer still writing into it learns it was cancelled.
     */
    private void release(int sid) {
        StreamEnd end = streams.get(sid);
        if (end == null || end.producer) return;
        streams.remove(sid);
        end.stream.cancel("the response is complete");
    }

    /** The isolate is closing: producers end with an error, consumers are cancelled. */
    void closeAll(String reason) {
        for (StreamEnd end : streams.values()) {
            if (end.producer) end.stream.end(reason);
            else end.stream.cancel(reason);
        }
        streams.clear();
        requestStreams.clear();
    }
}
