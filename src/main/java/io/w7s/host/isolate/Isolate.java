package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.Headers;
import io.w7s.host.web.OutboundFetch;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One GraalJS context running one deployment's code, owned by its own {@link EventLoop}.
 * Requests are posted to the loop and answered through futures, so many requests can be in
 * flight at once while the context is only ever entered from the loop thread.
 */
public final class Isolate implements AutoCloseable {
    /** Only members annotated with {@link HostAccess.Export} are visible to JS; buffers let bodies cross without copies. */
    /**
     * What GraalJS's WebAssembly global needs (it checks for "wasm" eval and bindings access). The
     * program itself cannot use either: the Polyglot builtin is off (js.polyglot-builtin=false).
     */
    private static final PolyglotAccess WASM_ONLY = PolyglotAccess.newBuilder()
            .allowEval("js", "wasm")
            .allowBindingsAccess("js")
            .allowBindingsAccess("wasm")
            .build();

    private static final HostAccess HOST_ACCESS = HostAccess.newBuilder()
            .allowAccessAnnotatedBy(HostAccess.Export.class)
            .allowBufferAccess(true)
            .build();

    private final IsolateSpec spec;
    private final EventLoop loop;
    private final AppLog log;
    private final long startNanos = System.nanoTime();
    private final double timeOrigin = System.currentTimeMillis();

    // Loop-thread state.
    private Context context;
    private Value dispatch;
    private Value fireTimer;
    private Value rpcDone;
    private Value fetchDone;
    private Value streamEvent;
    private final IsolateStreams streams = new IsolateStreams(this::notifyStream);
    private final Map<Integer, CompletableFuture<OutboundFetch.Result>> fetches = new HashMap<>();
    private final Map<Integer, CompletableFuture<WebResponse>> pending = new HashMap<>();
    private final Map<Integer, EventLoop.Timer> timers = new HashMap<>();
    private int nextRequestId;
    private int pendingWaitUntil;
    private boolean closed;

    private Source bootstrap;
    private final Map<String, Integer> runtimeModuleLoads = new java.util.concurrent.ConcurrentHashMap<>();

    private Isolate(IsolateSpec spec) {
        this.spec = spec;
        this.log = new AppLog(spec.label(), spec.sourceMapper());
        this.loop = new EventLoop("isolate " + spec.label(), t -> log.error("host error in event loop: " + t));
    }

    /** Creates the context, loads the runtime and the app's entry module; fails if the entry is not a valid handler. */
    public static Isolate start(JsEngine engine, IsolateSpec spec) throws IsolateException {
        return start(engine, spec, RuntimeSources.main());
    }

    /**
     * Same, with another runtime bootstrap script; tests use one that is the production bootstrap plus
     * a global exposing runtime internals.
     */
    public static Isolate start(JsEngine engine, IsolateSpec spec, Source bootstrap) throws IsolateException {
        Isolate isolate = new Isolate(spec);
        isolate.bootstrap = bootstrap;
        CompletableFuture<Void> started = new CompletableFuture<>();
        isolate.loop.post(() -> {
            try {
                isolate.boot(engine);
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        });
        try {
            started.get();
            return isolate;
        } catch (ExecutionException e) {
            isolate.loop.post(isolate::closeContext);
            isolate.loop.shutdown();
            Throwable cause = e.getCause();
            if (cause instanceof IsolateException ie) throw ie;
            throw new IsolateException(spec.entryName() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsolateException("interrupted while starting " + spec.label());
        }
    }

    private void boot(JsEngine engine) throws IsolateException {
        // "wasm" is permitted only for GraalJS's WebAssembly global (js.webassembly); the program
        // cannot reach it otherwise (no polyglot access, no Polyglot builtin).
        context = Context.newBuilder("js", "wasm")
                .engine(engine.engine())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(WASM_ONLY)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowIO(IOAccess.newBuilder().fileSystem(spec.fileSystem()).build())
                .allowExperimentalOptions(true)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.text-encoding", "true")
                .option("js.webassembly", "true")
                .option("js.unhandled-rejections", "handler")
                .option("js.print", "false")
                .option("js.load", "false")
                .option("js.java-package-globals", "false")
                .option("js.polyglot-builtin", "false")
                .out(new LineLog("info"))
                .err(new LineLog("error"))
                .build();
        context.getBindings("js").putMember("__w7s_host", new IsolateHost(this));
        context.eval(bootstrap);
        if (dispatch == null) throw new IllegalStateException("runtime bundle did not call host.ready()");

        Value namespace;
        try {
            namespace = context.eval(spec.entry());
        } catch (PolyglotException e) {
            throw new IsolateException(describeStartFailure(e));
        }
        Value handler = namespace.getMember("default");
        if (handler == null || handler.isNull() || !handler.hasMember("fetch") || !handler.getMember("fetch").canExecute()) {
            throw new IsolateException(spec.entryName()
                    + ": the module has no default export with a fetch(request, env, ctx) method;"
                    + " write `export default { async fetch(request, env, ctx) { ... } }`");
        }
        String[] envFlat = new String[spec.env().size() * 2];
        int i = 0;
        for (var e : spec.env().entrySet()) {
            envFlat[i++] = e.getKey();
            envFlat[i++] = e.getValue();
        }
        initApi.execute(handler, ProxyArray.fromArray((Object[]) envFlat));
    }

    private String describeStartFailure(PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        String where = at != null && at.getSource().getPath() != null ? spec.sourceMapper().describe(at) : spec.entryName();
        if (e.isSyntaxError()) return where + ": " + e.getMessage();
        return where + ": the module threw while loading: " + e.getMessage() + "\n" + stackOf(e);
    }

    /** The guest frames of an exception, positions mapped to the original sources. */
    private String stackOf(PolyglotException e) {
        StringBuilder sb = new StringBuilder();
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (!f.isGuestFrame()) continue;
            SourceSection s = f.getSourceLocation();
            if (s != null && s.getSource().getName().startsWith("w7s:")) continue;
            sb.append("    at ").append(f.getRootName() == null || f.getRootName().isEmpty() ? "<anonymous>" : f.getRootName());
            if (s != null) sb.append(" (").append(spec.sourceMapper().describe(s)).append(')');
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Handles one request; the future completes on the isolate's loop thread.
     *
     * @param depth RPC call depth of the request: 0 for public requests
     */
    public CompletableFuture<WebResponse> handle(WebRequest request, int depth) {
        CompletableFuture<WebResponse> result = new CompletableFuture<>();
        boolean posted = loop.post(() -> {
            if (closed) {
                result.completeExceptionally(new IsolateClosedException(spec.label()));
                return;
            }
            int id = nextRequestId++;
            pending.put(id, result);
            int sid = request.stream() == null ? -1 : streams.consumeRequestBody(id, request.stream());
            try {
                Headers h = request.headers();
                dispatch.executeVoid(id, request.method(), request.url(), h.joined(),
                        request.body() == null ? null : ByteBuffer.wrap(request.body()), depth, sid);
            } catch (PolyglotException e) {
                pending.remove(id);
                streams.dropRequestBody(id, "the runtime failed");
                fail(result, e);
            }
        });
        // A streamed body is left alone: the caller may retry it on the deployment that replaced this one.
        if (!posted) result.completeExceptionally(new IsolateClosedException(spec.label()));
        return result;
    }

    private void fail(CompletableFuture<WebResponse> result, PolyglotException e) {
        log.error("request failed in the runtime: " + e.getMessage() + "\n" + stackOf(e));
        result.completeExceptionally(e);
        if (e.isCancelled() || e.isExit() || e.isInternalError()) closeContext();
    }

    // ---- called by IsolateHost, on the loop thread ----

    private Value initApi;

    void ready(Value api) {
        initApi = api.getMember("init");
        dispatch = api.getMember("dispatch");
        fireTimer = api.getMember("fireTimer");
        rpcDone = api.getMember("rpcDone");
        fetchDone = api.getMember("fetchDone");
        streamEvent = api.getMember("streamEvent");
    }

    Value loadRuntimeModule(String name) {
        runtimeModuleLoads.merge(name, 1, Integer::sum);
        return context.eval(RuntimeSources.lazy(name));
    }

    /** How often the lazy runtime bundle {@code name} (e.g. {@code url}) was loaded into this isolate. */
    public int runtimeModuleLoads(String name) {
        return runtimeModuleLoads.getOrDefault(name, 0);
    }

    /**
     * Evaluates a classic script on the loop; when it returns a promise, waits for it to settle.
     * For diagnostics and tests: the Value belongs to the context, use it only while the isolate is idle.
     */
    public CompletableFuture<Value> evaluate(Source script) {
        return evaluate(script, v -> v);
    }

    /** Same, converting the result on the loop thread (safe while the isolate keeps running). */
    public <T> CompletableFuture<T> evaluate(Source script, java.util.function.Function<Value, T> convert) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean posted = loop.post(() -> {
            try {
                Value v = context.eval(script);
                if (v.canInvokeMember("then")) {
                    v.invokeMember("then",
                            (ProxyExecutable) a -> settle(result, () -> convert.apply(a.length > 0 ? a[0] : null)),
                            (ProxyExecutable) a -> result.completeExceptionally(new IllegalStateException(
                                    "promise rejected: " + (a.length > 0 ? a[0] : null))));
                } else {
                    result.complete(convert.apply(v));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!posted) result.completeExceptionally(new IsolateClosedException(spec.label()));
        return result;
    }

    private static <T> boolean settle(CompletableFuture<T> f, java.util.function.Supplier<T> value) {
        try {
            return f.complete(value.get());
        } catch (RuntimeException e) {
            return f.completeExceptionally(e);
        }
    }

    void complete(int id, int status, String statusText, String headers, Value body, int offset, int length, int sid) {
        CompletableFuture<WebResponse> f = pending.remove(id);
        BodyStream produced = streams.respond(id, sid);
        if (f == null) {
            if (produced != null) produced.cancel("the request is gone");
            return;
        }
        f.complete(new WebResponse(status, statusText, Headers.fromJoined(headers),
                produced != null ? null : bytesOf(body, offset, length), produced));
    }

    // ---- body streams: kept in IsolateStreams, JS is told on this loop ----

    IsolateStreams streams() {
        return streams;
    }

    private void notifyStream(int sid, int event) {
        loop.post(() -> {
            if (!closed && streams.holds(sid)) streamEvent.executeVoid(sid, event);
        });
    }

    /** Copies bytes of a JS ArrayBuffer into Java (one bulk read); null for a null buffer. */
    static byte[] bytesOf(Value arrayBuffer, int offset, int length) {
        if (arrayBuffer == null || arrayBuffer.isNull()) return null;
        byte[] bytes = new byte[length];
        arrayBuffer.readBuffer(offset, bytes, 0, length);
        return bytes;
    }

    /** An {@code env.W7S_RPC.fetch} call: hand it to the gateway, post the outcome back to this loop. */
    void rpc(int callId, String method, String url, String headers, Value body, int offset, int length, int depth, int sid) {
        BodyStream upload = streams.stream(sid);
        WebRequest request = new WebRequest(method, url, Headers.fromJoined(headers),
                upload != null ? null : bytesOf(body, offset, length), upload);
        RpcGateway rpc = spec.rpc();
        CompletableFuture<WebResponse> call;
        try {
            call = rpc.call(request, depth);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        // The deadline lives on this loop: no timer thread to wake for every call. Whichever of
        // answer and deadline comes first is delivered; JS ignores the second.
        boolean[] delivered = new boolean[1];
        EventLoop.Timer deadline = loop.schedule(() -> {
            delivered[0] = true;
            deliverRpc(callId, rpc.timedOut(request), null);
        }, rpc.timeoutMillis());
        call.whenComplete((response, error) -> {
            boolean posted = loop.post(() -> {
                deadline.cancel();
                if (delivered[0]) {
                    if (response != null && response.stream() != null) response.stream().cancel("the RPC call timed out");
                    return;
                }
                delivered[0] = true;
                deliverRpc(callId, response, error);
            });
            if (!posted && response != null && response.stream() != null) response.stream().cancel("the caller is closed");
        });
    }

    private void deliverRpc(int callId, WebResponse response, Throwable error) {
        if (closed) {
            if (response != null && response.stream() != null) response.stream().cancel("the caller is closed");
            return;
        }
        if (error != null) {
            log.error("RPC call failed inside the host: " + error);
            rpcDone.executeVoid(callId, 0, "", null, null, "the host could not perform the call", -1);
            return;
        }
        int sid = response.stream() == null ? -1 : streams.consume(response.stream());
        rpcDone.executeVoid(callId, response.status(), response.statusText(),
                response.headers().joined(),
                response.body() == null ? null : ByteBuffer.wrap(response.body()), null, sid);
    }

    /** The handler threw or returned something that is not a Response: details go only to the log. */
    void failRequest(int id, String detail) {
        CompletableFuture<WebResponse> f = pending.remove(id);
        streams.dropRequestBody(id, "the handler failed");
        log.error(detail);
        if (f != null) f.completeExceptionally(new HandlerFailedException(spec.label()));
    }

    void log(String level, String text) {
        log.log(level, text);
    }

    void setTimer(int id, double delay) {
        if (closed) return;
        long millis = Double.isNaN(delay) ? 0 : (long) Math.max(0, delay);
        timers.put(id, loop.schedule(() -> {
            timers.remove(id);
            if (!closed) fireTimer.executeVoid(id);
        }, millis));
    }

    void clearTimer(int id) {
        EventLoop.Timer timer = timers.remove(id);
        if (timer != null) timer.cancel();
    }

    void waitUntilChanged(int delta) {
        pendingWaitUntil += delta;
    }

    double now() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    double timeOrigin() {
        return timeOrigin;
    }

    /**
     * A global fetch() call: real HTTP through the shared client, the outcome posted back to this loop.
     * A stream request body ({@code sid} ≥ 0, produced by JS like an RPC request body) is sent as it is
     * written; a streamed response body reaches JS as a stream it consumes, like a public request body.
     */
    void fetch(int callId, String method, String url, String headers, Value body, int offset, int length, String redirect, int sid) {
        BodyStream upload = streams.stream(sid);
        WebRequest request = new WebRequest(method, url, Headers.fromJoined(headers),
                upload != null ? null : bytesOf(body, offset, length), upload);
        CompletableFuture<OutboundFetch.Result> call = OutboundFetch.shared().fetch(request, redirect);
        fetches.put(callId, call);
        call.whenComplete((result, error) -> {
            BodyStream down = result == null ? null : result.response().stream();
            boolean posted = loop.post(() -> {
                boolean live = fetches.remove(callId) != null;
                if (closed || !live) {
                    if (down != null) down.cancel("the fetch was aborted");
                    return;
                }
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                    fetchDone.executeVoid(callId, 0, "", "", null, "", false, String.valueOf(cause.getMessage()), -1);
                    return;
                }
                WebResponse r = result.response();
                int rsid = down == null ? -1 : streams.consume(down);
                fetchDone.executeVoid(callId, r.status(), r.statusText(), r.headers().joined(),
                        r.body() == null ? null : ByteBuffer.wrap(r.body()), result.url(), result.redirected(), null, rsid);
            });
            if (!posted && down != null) down.cancel("the isolate is closed");
        });
    }

    /** The fetch's AbortSignal fired: stop the exchange (JS has already rejected the promise). */
    void abortFetch(int callId) {
        CompletableFuture<OutboundFetch.Result> call = fetches.remove(callId);
        if (call != null) call.cancel(true);
    }

    // ---- shutdown ----

    /** Lets in-flight requests and waitUntil work finish (up to {@code grace}), then closes the context. */
    public CompletableFuture<Void> drainAndClose(Duration grace) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + grace.toNanos();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                boolean idle = pending.isEmpty() && pendingWaitUntil == 0 && streams.isEmpty();
                if (idle || System.nanoTime() > deadline || closed) {
                    closeContext();
                    done.complete(null);
                    loop.shutdown();
                } else {
                    loop.schedule(this, 10);
                }
            }
        };
        if (!loop.post(check)) done.complete(null);
        return done;
    }

    @Override
    public void close() {
        drainAndClose(Duration.ZERO).join();
    }

    private void closeContext() {
        if (closed) return;
        closed = true;
        timers.values().forEach(EventLoop.Timer::cancel);
        timers.clear();
        pending.values().forEach(f -> f.completeExceptionally(new IsolateClosedException(spec.label())));
        pending.clear();
        streams.closeAll("the isolate was closed");
        if (context != null) {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                log.error("closing the context failed: " + e);
            }
        }
    }

    public String label() {
        return spec.label();
    }

    /** Forwards what GraalJS itself prints (warnings) to the app's log, one line at a time. */
    private final class LineLog extends OutputStream {
        private final String level;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineLog(String level) {
            this.level = level;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                log.log(level, line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
