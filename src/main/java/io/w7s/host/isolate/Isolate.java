package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The lifecycle of one GraalJS context running one deployment's code: start, serve, drain, close.
 * The context is owned by its own {@link EventLoop}: requests are posted to the loop and answered
 * through futures, so many can be in flight at once while the context is only ever entered from
 * the loop thread. The jobs inside are separate classes: {@link Sandbox} (what JS can reach),
 * {@link JsApi} and {@link IsolateHost} (the JS↔Java protocol), {@link Requests} (which request's
 * work is running), {@link Subrequests}, {@link Timers} and {@link IsolateStreams}.
 */
public final class Isolate implements AutoCloseable {
    private final IsolateSpec spec;
    private final EventLoop loop;
    private final AppLog log;
    private final long startNanos = System.nanoTime();
    private final double timeOrigin = System.currentTimeMillis();
    private final Map<String, Integer> runtimeModuleLoads = new ConcurrentHashMap<>();

    // Loop-thread state.
    private final Requests requests = new Requests();
    private final Timers timers = new Timers(this);
    private final Subrequests subrequests;
    private final IsolateStreams streams = new IsolateStreams(this::notifyStream);
    private Context context;
    private JsApi js;
    private int pendingWaitUntil;
    private boolean closed;

    private Isolate(IsolateSpec spec) {
        this.spec = spec;
        this.log = new AppLog(spec.label(), spec.sourceMapper());
        this.loop = new EventLoop("isolate " + spec.label(), t -> log.error("host error in event loop: " + t));
        this.subrequests = new Subrequests(this, spec.rpc());
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
        CompletableFuture<Void> started = new CompletableFuture<>();
        isolate.loop.post(() -> {
            try {
                isolate.boot(engine, bootstrap);
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

    private void boot(JsEngine engine, Source bootstrap) throws IsolateException {
        context = Sandbox.newContext(engine, spec, new LineLog("info"), new LineLog("error"));
        context.getBindings("js").putMember("__w7s_host", new IsolateHost(this));
        context.eval(bootstrap);
        if (js == null) throw new IllegalStateException("runtime bundle did not call host.ready()");

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
        js.init(handler, envFlat);
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
            RequestScope scope = requests.open(depth, result);
            int sid = request.stream() == null ? JsApi.NO_STREAM : streams.consumeRequestBody(scope.id, request.stream());
            requests.runAs(scope, () -> {
                try {
                    js.dispatch(scope.id, request, sid);
                } catch (PolyglotException e) {
                    requests.take(scope.id);
                    streams.dropRequestBody(scope.id, "the runtime failed");
                    fail(result, e);
                }
            });
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

    /**
     * Evaluates a classic script on the loop; when it returns a promise, waits for it to settle.
     * For diagnostics and tests: the Value belongs to the context, use it only while the isolate is idle.
     */
    public CompletableFuture<Value> evaluate(Source script) {
        return evaluate(script, v -> v);
    }

    /** Same, converting the result on the loop thread (safe while the isolate keeps running). */
    public <T> CompletableFuture<T> evaluate(Source script, Function<Value, T> convert) {
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

    private static <T> boolean settle(CompletableFuture<T> f, Supplier<T> value) {
        try {
            return f.complete(value.get());
        } catch (RuntimeException e) {
            return f.completeExceptionally(e);
        }
    }

    /** How often the lazy runtime bundle {@code name} (e.g. {@code url}) was loaded into this isolate. */
    public int runtimeModuleLoads(String name) {
        return runtimeModuleLoads.getOrDefault(name, 0);
    }

    public String label() {
        return spec.label();
    }

    // ---- for the isolate's parts, on the loop thread ----

    /** Runs {@code task} on the loop on behalf of {@code scope}; false when the loop has stopped. */
    boolean post(RequestScope scope, Runnable task) {
        return loop.post(() -> requests.runAs(scope, task));
    }

    /** Runs {@code task} on the loop after {@code delayMillis} on behalf of {@code scope}, unless the isolate closed. */
    EventLoop.Timer schedule(RequestScope scope, Runnable task, long delayMillis) {
        return loop.schedule(() -> {
            if (!closed) requests.runAs(scope, task);
        }, delayMillis);
    }

    boolean isClosed() {
        return closed;
    }

    JsApi js() {
        return js;
    }

    Requests requests() {
        return requests;
    }

    Timers timers() {
        return timers;
    }

    Subrequests subrequests() {
        return subrequests;
    }

    IsolateStreams streams() {
        return streams;
    }

    AppLog log() {
        return log;
    }

    // ---- called by IsolateHost, on the loop thread ----

    void ready(Value api) {
        js = new JsApi(api);
    }

    Value loadRuntimeModule(String name) {
        runtimeModuleLoads.merge(name, 1, Integer::sum);
        return context.eval(RuntimeSources.lazy(name));
    }

    void complete(int id, int status, String statusText, String headers, Value body, int offset, int length, int sid) {
        RequestScope scope = requests.take(id);
        BodyStream produced = streams.respond(id, sid);
        if (scope == null) {
            if (produced != null) produced.cancel("the request is gone");
            return;
        }
        scope.response.complete(new WebResponse(status, statusText, io.w7s.host.web.Headers.fromJoined(headers),
                produced != null ? null : bytesOf(body, offset, length), produced));
    }

    /** The handler threw or returned something that is not a Response: details go only to the log. */
    void failRequest(int id, String detail) {
        RequestScope scope = requests.take(id);
        streams.dropRequestBody(id, "the handler failed");
        log.error(detail);
        if (scope != null) scope.response.completeExceptionally(new HandlerFailedException(spec.label()));
    }

    /** Copies bytes of a JS ArrayBuffer into Java (one bulk read); null for a null buffer. */
    static byte[] bytesOf(Value arrayBuffer, int offset, int length) {
        if (arrayBuffer == null || arrayBuffer.isNull()) return null;
        byte[] bytes = new byte[length];
        arrayBuffer.readBuffer(offset, bytes, 0, length);
        return bytes;
    }

    private void notifyStream(int sid, int event) {
        loop.post(() -> {
            if (!closed && streams.holds(sid)) js.streamEvent(sid, event);
        });
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

    // ---- shutdown ----

    /** Lets in-flight requests and waitUntil work finish (up to {@code grace}), then closes the context. */
    public CompletableFuture<Void> drainAndClose(Duration grace) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + grace.toNanos();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                boolean idle = requests.noneAwaitingResponse() && pendingWaitUntil == 0 && streams.isEmpty();
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
        timers.cancelAll();
        subrequests.cancelAll();
        requests.failAll(() -> new IsolateClosedException(spec.label()));
        streams.closeAll("the isolate was closed");
        if (context != null) {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                log.error("closing the context failed: " + e);
            }
        }
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
