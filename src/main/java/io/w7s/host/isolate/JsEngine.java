package io.w7s.host.isolate;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.graalvm.polyglot.Engine;

/**
 * The one polyglot {@link Engine} shared by every isolate of the host, so that parsed sources
 * (the runtime, unchanged app modules) and compiled code are shared between contexts.
 */
public final class JsEngine implements AutoCloseable {
    private final Engine engine;
    private final Watchdog watchdog = new Watchdog();

    public JsEngine() {
        this.engine = Engine.newBuilder("js", "wasm")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }

    public Engine engine() {
        return engine;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    public boolean jitEnabled() {
        return !"Interpreted".equals(engine.getImplementationName());
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

    @Override
    public void close() {
        watchdog.stop();
        try {
            engine.close(true); // contexts a stopping host could not drain are cancelled
        } catch (RuntimeException e) {
            System.getLogger(JsEngine.class.getName()).log(System.Logger.Level.WARNING, "closing the engine: " + e);
        }
    }
}
