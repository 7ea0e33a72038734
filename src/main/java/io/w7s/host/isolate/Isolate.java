package io.w7s.host.isolate;

import io.w7s.host.web.BodyStream;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
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
 * through futures, so many can be in flight at once while the context is only ever entered by
 * the loop's owner: its own thread, or an RPC caller's loop thread that runs a call inline while the
 * loop is idle ({@link InlineRun}). The jobs inside are separate classes: {@link Sandbox} (what JS can reach),
 * {@link JsApi} and {@link IsolateHost} (the JS↔Java protocol), {@link Requests} (which request's
 * work is running), {@link Subrequests}, {@link Timers} and {@link IsolateStreams}.
 */
public final class Isolate implements AutoCloseable {
    private final IsolateSpec spec;
    private final Limits limits;
    private final Watchdog watchdog;
    private final EventLoop loop;
    /** Completed with the reason when the context dies by a limit or a fatal error (not by a drain). */
    private final CompletableFuture<String> died = new CompletableFuture<>();
    private final AppLog log;
    private final long startNanos = System.nanoTime();
    private final double timeOrigin = System.currentTimeMillis();
    private final Map<String, Integer> runtimeModuleLoads = new ConcurrentHashMap<>();

    // Loop-thread state.
    private final Requests requests = new Requests();
    private final Timers timers = new Timers(this);
    private final Subrequests subrequests;
    private final IsolateStreams streams = new IsolateStreams(this::notifyStream, requests::current);
    private volatile Context context;
    private volatile com.oracle.truffle.api.TruffleContext truffleContext;
    private volatile boolean booted;
    private final CpuGuard cpu;
    /** Why the isolate died, when a limit killed it: what its requests in flight fail with. */
    private volatile LimitExceededException deathCause;
    private final JsEngine engine;
    private final HeapMeter heap;
    private JsApi js;

    private int pendingWaitUntil;
    private boolean closed;
    private boolean sweepingWallTime;

    private Isolate(IsolateSpec spec, JsEngine engine) {
        this.spec = spec;
        this.engine = engine;
        this.heap = engine.canMeasureHeap() ? engine.heapMeter() : null;
        this.limits = spec.limits();
        this.watchdog = engine.watchdog();
        this.log = new AppLog(spec.label(), spec.sourceMapper(), Redaction.of(spec.env(), spec.secretNames()), this::servingNow);
        this.loop = new EventLoop("isolate " + spec.label(), t -> log.error("host error in event loop: " + t));
        this.subrequests = new Subrequests(this, spec.rpc(), limits.subrequests());
        this.cpu = new CpuGuard(this, engine.limits());
    }

    /**
     * The request whose work the loop runs now, for the log; null for background work, and on any other
     * thread (the watchdog, a killer), which may not read the loop's requests.
     */
    private io.w7s.host.web.Correlation servingNow() {
        EventLoop l = loop; // null while the constructor runs
        if (l == null || !l.inLoop()) return null;
        io.w7s.host.web.WebRequest origin = requests.current().origin;
        return origin != null ? origin.correlation() : null;
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
        Isolate isolate = new Isolate(spec, engine);
        CompletableFuture<Void> started = new CompletableFuture<>();
        engine.watchdog().watch(isolate); // a module that loops while loading is stopped too
        isolate.loop.post(() -> isolate.requests.runAs(isolate.requests.background(), () -> {
            try {
                isolate.boot(engine, bootstrap);
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }));
        try {
            started.get();
            return isolate;
        } catch (ExecutionException e) {
            engine.watchdog().forget(isolate);
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
        context = Sandbox.newContext(engine, spec, log.lines("info"), log.lines("error"));
        truffleContext = engine.limits().lastCreatedHere();
        context.getBindings("js").putMember("__w7s_host", new IsolateHost(this));
        context.eval(bootstrap);
        if (js == null) throw new IllegalStateException("runtime bundle did not call host.ready()");

        Value namespace;
        try {
            namespace = context.eval(spec.entry());
        } catch (PolyglotException e) {
            if (e.isInterrupted()) {
                throw new IsolateException(spec.entryName() + ": the module used more than the CPU limit of "
                        + limits.cpuPerRequest().toMillis() + " ms while loading (an endless loop at the top level?)");
            }
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
        booted = true;
        if (heap != null) heap.measureBaseline(this);
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
        Runnable dispatch = () -> {
            if (closed) {
                result.completeExceptionally(new IsolateClosedException(spec.label()));
                return;
            }
            RequestScope scope = requests.open(depth, result, request);
            // The caller gave up (its RPC deadline passed, it was aborted): so does this request's work.
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) loop.post(() -> cancel(scope, "the caller cancelled the request"));
            });
            watchWallTime();
            run(scope, () -> {
                int sid = request.stream() == null ? JsApi.NO_STREAM : streams.consumeRequestBody(scope.id, request.stream());
                js.dispatch(scope.id, request, sid);
            });
        };
        // An RPC call (depth > 0) comes from another isolate's loop thread, which may run it itself (InlineRun).
        boolean posted = depth > 0 ? loop.runOrPost(dispatch) : loop.post(dispatch);
        // A streamed body is left alone: the caller may retry it on the deployment that replaced this one.
        if (!posted) result.completeExceptionally(new IsolateClosedException(spec.label()));
        return result;
    }

    // ---- limits ----

    /**
     * Runs a loop task on behalf of {@code scope}; every way JavaScript can fail a task ends here.
     * Stopped by the watchdog (the request went over its CPU time): the request is stopped and the
     * isolate goes on serving the others. Cancelled from outside: {@link #die} follows on this loop.
     * Any other failure is the runtime's own (app errors are caught in JS): the request fails, and a
     * context that cannot go on dies.
     */
    private void run(RequestScope scope, Runnable task) {
        try {
            requests.runAs(scope, task);
        } catch (PolyglotException e) {
            boolean stopped = cpu.takeTaskStopped();
            if (e.isCancelled() && died.isDone()) return;
            if (e.isCancelled() && loop.isBorrowed()) {
                // The caller whose thread runs this task inline (InlineRun) was cancelled: its
                // cancellation unwinds through this context too, which itself is fine. Only this request fails.
                if (requests.take(scope.id) != null) {
                    streams.dropRequestBody(scope.id, "the caller was cancelled");
                    scope.response.completeExceptionally(new IsolateClosedException(spec.label() + " (its caller was cancelled)"));
                }
                loop.post(() -> cancelWork(scope, "the caller was cancelled")); // not under the caller's cancellation
                return;
            }
            if (stopped || e.isInterrupted()) {
                LimitExceededException why = scope.stopped != null ? scope.stopped
                        : new LimitExceededException(LimitExceededException.Kind.CPU, "interrupted by the host");
                log.error((scope.isBackground() ? "a task outside any request" : "a request") + " was stopped: " + why.getMessage());
                if (scope.isBackground()) scope.stopped = null;
                else stop(scope, why);
                return;
            }
            log.error("request failed in the runtime: " + e.getMessage() + "\n" + stackOf(e));
            if (requests.take(scope.id) != null) {
                streams.dropRequestBody(scope.id, "the runtime failed");
                scope.response.completeExceptionally(e);
            }
            if (e.isCancelled() || e.isExit() || e.isInternalError()) die("a fatal error in the runtime: " + e.getMessage());
        }
    }

    // ---- the watchdog's view ----

    private final HeapMeter.State heapState = new HeapMeter.State();

    HeapMeter.State heapState() {
        return heapState;
    }

    /** Called by the {@link Watchdog} every tick: memory (an isolate that allocated its headroom is measured again), then CPU. */
    void checkLimits(long tick) {
        if (heap != null && booted) heap.afterTick(this, loop.allocatedBytes()); // measuring a context while it initialises breaks it
        cpu.check(tick);
    }

    boolean booted() {
        return booted;
    }

    Context context() {
        return context;
    }

    EventLoop loop() {
        return loop;
    }

    /** Cancels the context from any thread, even while its loop is stuck in it; what is pending fails. */
    public void kill(String reason) {
        killFromOutside(reason, null);
    }

    /**
     * Cancels the context from another thread. Requests in flight fail with {@code cause} when it is
     * given (a limit: callers must not retry them), else as closed (they may go to the replacement).
     */
    void killFromOutside(String reason, LimitExceededException cause) {
        if (cause != null) deathCause = cause;
        died.complete(reason);
        org.graalvm.polyglot.Context c = context;
        if (c != null) {
            try {
                c.close(true);
            } catch (RuntimeException e) {
                log.error("cancelling the context failed: " + e);
            }
        }
        loop.post(() -> die(reason));
    }

    /** The isolate cannot go on: every pending request fails, and its deployment replaces it. */
    private void die(String reason) {
        died.complete(reason);
        closeContext();
        watchdog.forget(this);
        loop.shutdown();
    }

    /** Completes with the reason when the isolate died by a limit or a fatal error; its owner replaces it. */
    public CompletableFuture<String> died() {
        return died;
    }

    /** Keeps a sweep running while requests wait for their response, answering those over their wall time. */
    private void watchWallTime() {
        if (sweepingWallTime) return;
        sweepingWallTime = true;
        long period = Math.clamp(limits.wallPerRequest().toMillis() / 10, 10, 1000);
        loop.schedule(() -> {
            sweepingWallTime = false;
            if (closed) return;
            for (RequestScope late : requests.waitingLongerThan(limits.wallPerRequest().toNanos())) {
                late.stopped = new LimitExceededException(LimitExceededException.Kind.WALL_TIME, "the request did not respond within its wall-time limit of "
                        + limits.wallPerRequest().toSeconds() + " s; w7s.json limits.wall_ms raises it");
                log.error("a request was stopped: " + late.stopped.getMessage());
                stop(late, late.stopped);
            }
            if (!requests.noneAwaitingResponse()) watchWallTime();
        }, period);
    }

    /**
     * Answers a request with the limit it went over and cancels its work: its signal aborts, its
     * subrequests are cancelled, and a response body it was still streaming fails (the client must
     * not take a cut-off body for a whole one).
     */
    private void stop(RequestScope scope, LimitExceededException why) {
        if (requests.take(scope.id) != null) {
            streams.dropRequestBody(scope.id, why.getMessage());
            scope.response.completeExceptionally(why);
        } else if (scope.responseStream != JsApi.NO_STREAM) {
            streams.end(scope.responseStream, why.getMessage());
        }
        cancelWork(scope, why.getMessage());
    }

    /** The caller gave up on the request: its work is cancelled (there is nobody to answer). */
    private void cancel(RequestScope scope, String reason) {
        if (closed) return;
        if (requests.take(scope.id) != null) streams.dropRequestBody(scope.id, reason);
        cancelWork(scope, reason);
    }

    private void cancelWork(RequestScope scope, String reason) {
        if (closed) return;
        run(scope, () -> {
            subrequests.cancel(scope, reason);
            js.abort(scope.id, reason);
        });
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
        // Not through run(): diagnostics (and the WPT suites) may run far longer than a request may.
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

    /**
     * CPU time of this isolate's event-loop thread: its JavaScript and the host code it calls. An RPC target
     * run inline on its caller's thread ({@link InlineRun}) counts to the caller.
     */
    public long cpuNanos() {
        return loop.cpuNanos();
    }

    public String label() {
        return spec.label();
    }

    Limits limits() {
        return limits;
    }

    com.oracle.truffle.api.TruffleContext truffleContext() {
        return truffleContext;
    }

    // ---- for the isolate's parts, on the loop thread ----

    /** Runs {@code task} on the loop on behalf of {@code scope}; false when the loop has stopped. */
    boolean post(RequestScope scope, Runnable task) {
        return loop.post(() -> run(scope, task));
    }

    /** Runs {@code task} on the loop after {@code delayMillis} on behalf of {@code scope}, unless the isolate closed. */
    EventLoop.Timer schedule(RequestScope scope, Runnable task, long delayMillis) {
        return loop.schedule(() -> {
            if (!closed) run(scope, task);
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
        if (produced != null) scope.responseStream = sid;
        scope.response.complete(new WebResponse(status, statusText, io.w7s.host.web.Headers.fromJoined(headers),
                produced != null ? null : bytesOf(body, offset, length), produced));
    }

    /** The handler threw or returned something that is not a Response: details go only to the log. */
    void failRequest(int id, String detail) {
        RequestScope scope = requests.take(id);
        streams.dropRequestBody(id, "the handler failed");
        log.error(detail);
        if (scope != null) scope.response.completeExceptionally(new HandlerFailedException(spec.label(), log.shown(detail)));
    }

    /** Copies bytes of a JS ArrayBuffer into Java (one bulk read); null for a null buffer. */
    static byte[] bytesOf(Value arrayBuffer, int offset, int length) {
        if (arrayBuffer == null || arrayBuffer.isNull()) return null;
        byte[] bytes = new byte[length];
        arrayBuffer.readBuffer(offset, bytes, 0, length);
        return bytes;
    }

    /** A stream can go on: JS hears of it on behalf of the request that opened the stream. */
    private void notifyStream(int sid, int event) {
        loop.post(() -> {
            RequestScope scope = streams.scopeOf(sid);
            if (closed || scope == null) return;
            run(scope, () -> js.streamEvent(sid, event));
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
        watchdog.forget(this);
        timers.cancelAll();
        subrequests.cancelAll();
        String reason = died.getNow(null);
        LimitExceededException cause = deathCause;
        requests.failAll(() -> cause != null ? cause : reason == null ? new IsolateClosedException(spec.label())
                : new IsolateClosedException(spec.label() + " (" + reason + ")"));
        streams.closeAll("the isolate was closed");
        if (context != null) {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                log.error("closing the context failed: " + e);
            }
        }
    }
}
