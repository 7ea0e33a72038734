package io.w7s.host.isolate;

import java.io.InputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What an app's JavaScript can reach, in one place to audit: a context on the shared engine with no
 * host classes, no reflection, no threads, processes, native code or environment variables, and no
 * file system beyond the app's own modules (read-only, confined by {@link IsolateSpec#fileSystem()}).
 * The only Java object it sees is its {@link IsolateHost}, and of that only {@link HostAccess.Export} members.
 */
final class Sandbox {
    /**
     * The strictest policy community edition runs ({@code ISOLATED}/{@code UNTRUSTED} need Oracle GraalVM):
     * GraalVM itself then checks that nothing below widens what JS can reach. The engine uses it too
     * (contexts must match their engine).
     */
    static final SandboxPolicy POLICY = SandboxPolicy.CONSTRAINED;

    /**
     * The policy of an engine with the Chrome inspector ({@code w7s serve --inspect}): GraalVM allows the
     * {@code inspect.*} options only up to TRUSTED, the next policy below CONSTRAINED. The contexts are
     * built exactly as under CONSTRAINED, and {@link #newContext} sets every restriction explicitly
     * (standard input too), so JS reaches no more than without the inspector; what is lost is GraalVM re-checking
     * that, and the inspector itself can run any JS in the app (it listens on loopback, behind a secret path).
     */
    static final SandboxPolicy INSPECTED_POLICY = SandboxPolicy.TRUSTED;

    /** Only members annotated with {@link HostAccess.Export} are visible to JS; buffers let bodies cross without copies. */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.CONSTRAINED)
            .allowBufferAccess(true)
            .build();

    /**
     * What GraalJS's WebAssembly global needs (it checks for "wasm" eval and bindings access). The
     * program itself cannot use either: the runtime deletes the {@code Polyglot} global before any app
     * code runs (CONSTRAINED does not allow turning the builtin off with js.polyglot-builtin=false).
     */
    private static final PolyglotAccess WASM_ONLY = PolyglotAccess.newBuilder()
            .allowEval("js", "wasm")
            .allowBindingsAccess("js")
            .allowBindingsAccess("wasm")
            .build();

    private Sandbox() {
    }

    /** A context for the host's own small jobs (engine warm-up, the heap meter), under the same policy. */
    static Context newHostContext(JsEngine engine) {
        return Context.newBuilder("js").engine(engine.engine()).sandbox(engine.policy()).allowHostAccess(HOST_ACCESS)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build();
    }

    /** A new context for {@code spec}; what GraalJS itself prints goes to {@code out}/{@code err}. */
    static Context newContext(JsEngine engine, IsolateSpec spec, OutputStream out, OutputStream err) {
        return Context.newBuilder("js", "wasm")
                .engine(engine.engine())
                .sandbox(engine.policy())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(WASM_ONLY)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.newBuilder().fileSystem(spec.fileSystem()).build())
                .allowExperimentalOptions(true)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.text-encoding", "true")
                .option("js.webassembly", "true")
                .option("js.unhandled-rejections", "handler")
                .option("js.print", "false")
                .option("js.load", "false")
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .build();
    }
}
