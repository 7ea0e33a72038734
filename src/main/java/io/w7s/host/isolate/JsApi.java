package io.w7s.host.isolate;

import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.ByteBuffer;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * The JS↔Java protocol of an isolate, declared in one place: the entry points Java calls in the
 * runtime (handed over once by {@code host.ready(api)}, see {@code runtime/src/host/protocol.js})
 * and the numbers both sides use. The other direction — what JS calls — is {@link IsolateHost}.
 * Every method runs on the isolate's loop thread.
 */
final class JsApi {
    /** A stream id meaning "no stream: the body, if any, is buffered". */
    static final int NO_STREAM = -1;
    /** {@link #streamEvent} kinds: the stream can be read or written again / its consumer cancelled. */
    static final int STREAM_READY = 0;
    static final int STREAM_CANCELLED = 1;
    /** Subrequest channels: one path for every outgoing request, differing only in where it goes. */
    static final int CHANNEL_FETCH = 0;
    static final int CHANNEL_RPC = 1;

    private final Value init;
    private final Value dispatch;
    private final Value abort;
    private final Value fireTimer;
    private final Value subrequestDone;
    private final Value streamEvent;

    JsApi(Value api) {
        init = member(api, "init");
        dispatch = member(api, "dispatch");
        abort = member(api, "abort");
        fireTimer = member(api, "fireTimer");
        subrequestDone = member(api, "subrequestDone");
        streamEvent = member(api, "streamEvent");
    }

    private static Value member(Value api, String name) {
        Value v = api.getMember(name);
        if (v == null || !v.canExecute()) throw new IllegalStateException("the runtime's host.ready() lacks " + name + "()");
        return v;
    }

    /** Hands the app's default export and its {@code env} strings to the runtime. */
    void init(Value handler, String[] envFlat) {
        init.executeVoid(handler, ProxyArray.fromArray((Object[]) envFlat));
    }

    /** A request to serve; answered with {@link IsolateHost#complete} or {@link IsolateHost#fail}. */
    void dispatch(int id, WebRequest request, int sid) {
        dispatch.executeVoid(id, request.method(), request.url(), request.headers().joined(),
                request.body() == null ? null : ByteBuffer.wrap(request.body()), sid);
    }

    /** Aborts the request's {@code request.signal} with an AbortError carrying {@code reason}. */
    void abort(int id, String reason) {
        abort.executeVoid(id, reason);
    }

    void fireTimer(int id) {
        fireTimer.executeVoid(id);
    }

    /** A subrequest's response; {@code url}/{@code redirected} describe a fetch's final URL. */
    void subrequestDone(int id, WebResponse response, String url, boolean redirected, int sid) {
        subrequestDone.executeVoid(id, response.status(), response.statusText(), response.headers().joined(),
                response.body() == null ? null : ByteBuffer.wrap(response.body()), url, redirected, null, sid);
    }

    /** A subrequest that has no response: the program's promise rejects with a TypeError carrying {@code error}. */
    void subrequestFailed(int id, String error) {
        subrequestDone.executeVoid(id, 0, "", "", null, "", false, error, NO_STREAM);
    }

    void streamEvent(int sid, int kind) {
        streamEvent.executeVoid(sid, kind);
    }
}
