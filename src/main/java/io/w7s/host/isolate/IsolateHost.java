package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The only Java object JavaScript can reach — the JS→Java half of the protocol ({@link JsApi} is the
 * other half, {@code runtime/src/host/protocol.js} the JS declaration): the runtime bootstrap takes
 * it off the global and keeps it in a closure. Every method runs on the isolate's loop thread, on
 * behalf of the request whose work is running.
 */
public final class IsolateHost {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Weak on purpose: JS holds this object, and the memory limit measures what JS can reach; through a
     * strong field that would be the whole host (the isolate, its router, every other deployment).
     * The deployment holds the isolate strongly while it lives.
     */
    private final java.lang.ref.WeakReference<Isolate> isolateRef;
    private io.w7s.host.isolate.crypto.SubtleHost subtle;

    IsolateHost(Isolate isolate) {
        this.isolateRef = new java.lang.ref.WeakReference<>(isolate);
    }

    private Isolate isolate() {
        Isolate i = isolateRef.get();
        if (i == null) throw new IllegalStateException("the isolate is gone");
        return i;
    }

    @HostAccess.Export
    public void ready(Value api) {
        isolate().ready(api);
    }

    @HostAccess.Export
    public Value loadRuntimeModule(String name) {
        return isolate().loadRuntimeModule(name);
    }

    @HostAccess.Export
    public void complete(int id, int status, String statusText, String headers, Value body, int offset, int length, int sid) {
        isolate().complete(id, status, statusText, headers, body, offset, length, sid);
    }

    /** A new body stream JS produces into; returns its id. */
    @HostAccess.Export
    public int openStream() {
        return isolate().streams().openProducer();
    }

    /** 1: write on; 0: wait for streamEvent(sid, 0); -1: the consumer cancelled. */
    @HostAccess.Export
    public int streamWrite(int sid, Value buffer, int offset, int length) {
        return isolate().streams().write(sid, buffer, offset, length);
    }

    @HostAccess.Export
    public void streamEnd(int sid, String error) {
        isolate().streams().end(sid, error);
    }

    /** A ByteBuffer chunk, 0 at the end, a String (the error), or null: wait for streamEvent(sid, 0). */
    @HostAccess.Export
    public Object streamPoll(int sid) {
        return isolate().streams().poll(sid);
    }

    @HostAccess.Export
    public void streamCancel(int sid, String reason) {
        isolate().streams().cancel(sid, reason);
    }

    /** An outgoing request on {@code channel} ({@link JsApi#CHANNEL_FETCH} or {@link JsApi#CHANNEL_RPC}); answered with subrequestDone. */
    @HostAccess.Export
    public void subrequest(int channel, int callId, String method, String url, String headers, Value body, int offset, int length,
                           String redirect, int sid) {
        BodyStream upload = isolate().streams().stream(sid);
        WebRequest request = new WebRequest(method, url, Headers.fromJoined(headers),
                upload != null ? null : Isolate.bytesOf(body, offset, length), upload);
        isolate().subrequests().start(channel, callId, request, redirect);
    }

    /** The subrequest's AbortSignal fired: stop the exchange (JS has already rejected the promise). */
    @HostAccess.Export
    public void abortSubrequest(int callId) {
        isolate().subrequests().abort(callId);
    }

    @HostAccess.Export
    public void fail(int id, String detail) {
        isolate().failRequest(id, detail);
    }

    @HostAccess.Export
    public void log(String level, String text) {
        isolate().log().log(level, text);
    }

    @HostAccess.Export
    public void setTimer(int id, double delay) {
        isolate().timers().set(id, delay);
    }

    @HostAccess.Export
    public void clearTimer(int id) {
        isolate().timers().clear(id);
    }

    @HostAccess.Export
    public void waitUntilChanged(int delta) {
        isolate().waitUntilChanged(delta);
    }

    @HostAccess.Export
    public double now() {
        return isolate().now();
    }

    @HostAccess.Export
    public double timeOrigin() {
        return isolate().timeOrigin();
    }

    @HostAccess.Export
    public ByteBuffer randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    @HostAccess.Export
    public String randomUUID() {
        return UUID.randomUUID().toString();
    }

    /** The {@code crypto.subtle} back end, created the first time the lazy {@code subtle} bundle asks for it. */
    @HostAccess.Export
    public io.w7s.host.isolate.crypto.SubtleHost subtle() {
        if (subtle == null) subtle = new io.w7s.host.isolate.crypto.SubtleHost();
        return subtle;
    }
}
