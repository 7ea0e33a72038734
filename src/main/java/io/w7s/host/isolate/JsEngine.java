package io.w7s.host.isolate;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * A polyglot {@link Engine} and what watches its isolates. Normally one engine is shared by every
 * isolate of the host, so that parsed sources (the runtime, unchanged app modules) and compiled code
 * are shared between contexts. While inspecting ({@link #inspected}) each deployment gets an engine of
 * its own, because the Chrome inspector debugs a whole engine: one engine is one DevTools target.
 */
public final class JsEngine implements AutoCloseable {
    private final Engine engine;
    /** The policy of the engine, which its contexts must use too. */
    private final SandboxPolicy policy;
    private final Watchdog watchdog = new Watchdog();

    private final LimitsInstrument.Service limits;

    /** An engine without inspector, under {@link Sandbox#POLICY}. */
    public JsEngine() {
        this(null);
    }

    /** An engine debugged through the Chrome inspector at {@code endpoint} (see {@link Sandbox#INSPECTED_POLICY}). */
    public static JsEngine inspected(Inspector.Endpoint endpoint) {
        return new JsEngine(endpoint);
    }

    private JsEngine(Inspector.Endpoint inspector) {
        this.policy = inspector == null ? Sandbox.POLICY : Sandbox.INSPECTED_POLICY;
        JitTuning.install(); // before the engine loads the compiler
        Engine.Builder builder = Engine.newBuilder("js", "wasm")
                .sandbox(policy)
                .out(java.io.OutputStream.nullOutputStream())
                .err(new EngineLog()) // CONSTRAINED wants it redirected: the engine's own warnings go to the host log
                .option("engine.WarnInterpreterOnly", "false");
        if (inspector != null) builder.options(inspector.engineOptions());
        try {
            this.engine = builder.build();
        } catch (IllegalArgumentException e) {
            if (inspector == null || !String.valueOf(e.getMessage()).contains("inspect")) throw e;
            // This JVM runs the host's GraalVM line, which has no inspector: ./w7s switches lines for --inspect.
            throw new IllegalStateException("--inspect needs the GraalVM debugging line with the Chrome inspector"
                    + " (target/inspector); start the host with ./w7s, which uses it when --inspect is given", e);
        }
        // Before any context exists: the instrument learns of contexts as they are created.
        this.limits = engine.getInstruments().get(LimitsInstrument.ID).lookup(LimitsInstrument.Service.class);
        warmUp();
    }

    /**
     * Runs a little JS on a throwaway context before any app does: in a fresh JVM the first deep
     * recursion can overflow the stack inside the initialisation of a Truffle class, which then
     * fails every context for good (measured on 25.0.4); ordinary calls initialise it safely.
     */
    private void warmUp() {
        // Same host access as every app context: contexts on one engine must agree on it.
        try (org.graalvm.polyglot.Context c = Sandbox.newHostContext(this)) {
            c.eval("js", "function f(n) { return n === 0 ? { v: 0 } : { v: f(n - 1).v + 1 }; }"
                    + " JSON.stringify(JSON.parse('{\"a\":[1,2]}')) + f(20).v");
        }
    }

    LimitsInstrument.Service limits() {
        return limits;
    }

    private HeapMeter heapMeter;

    synchronized HeapMeter heapMeter() {
        if (heapMeter == null) heapMeter = new HeapMeter(limits, Sandbox.newHostContext(this));
        return heapMeter;
    }

    /** Whether retained heap can be measured per context (it needs the JIT runtime). */
    boolean canMeasureHeap() {
        return jitEnabled();
    }

    public Engine engine() {
        return engine;
    }

    SandboxPolicy policy() {
        return policy;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    public boolean jitEnabled() {
        return !"Interpreted".equals(engine.getImplementationName());
    }

    /** Whether GraalJS runs compiled in this JVM, asked of a bare engine (no language started, no inspector). */
    public static boolean jitAvailable() {
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false")
                .out(java.io.OutputStream.nullOutputStream()).err(java.io.OutputStream.nullOutputStream()).build()) {
            return !"Interpreted".equals(probe.getImplementationName());
        }
    }

    /** One line for the start-up log: is the JIT on, and if not, why not and what to do. */
    public String jitStatus() {
        if (jitEnabled()) {
            return "GraalJS JIT: on (" + engine.getImplementationName() + " " + engine.getVersion() + ")";
        }
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String reason;
        if (args.stream().noneMatch(a -> a.equals("-XX:+EnableJVMCI"))) {
            reason = "the JVM was started without -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI";
        } else if (args.stream().noneMatch(a -> a.startsWith("--upgrade-module-path"))) {
            reason = "the Graal compiler jars are not on --upgrade-module-path";
        } else {
            reason = "the Graal compiler on --upgrade-module-path did not load (its version must match the JDK update)";
        }
        return "GraalJS JIT: OFF, JavaScript runs interpreted (5-25x slower): " + reason
                + ". Start the host with ./w7s, which passes the right flags.";
    }

    /**
     * What the engine itself prints, one log line per line; except the inspector's own announcement
     * ("Debugger listening on ..."), which names no deployment: the host logs one line per deployment instead.
     */
    private static final class EngineLog extends java.io.OutputStream {
        private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("w7s.engine");
        private static final List<String> INSPECTOR_ANNOUNCEMENT = List.of(
                "Debugger listening on ", "For help, see: https://www.graalvm.org/tools/chrome-debugger", "E.g. in Chrome open: ");
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
            line.reset();
            if (!text.isBlank() && INSPECTOR_ANNOUNCEMENT.stream().noneMatch(text::startsWith)) LOG.warning(text);
        }
    }

    @Override
    public void close() {
        watchdog.stop();
        synchronized (this) {
            if (heapMeter != null) heapMeter.stop();
        }
        try {
            engine.close(true); // contexts a stopping host could not drain are cancelled
        } catch (RuntimeException e) {
            System.getLogger(JsEngine.class.getName()).log(System.Logger.Level.WARNING, "closing the engine: " + e);
        }
    }
}
