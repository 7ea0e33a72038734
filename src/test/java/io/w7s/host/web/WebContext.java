package io.w7s.host.web;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.isolate.IsolateException;
import io.w7s.host.isolate.IsolateSpec;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.isolate.SourceMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.FileSystem;

/**
 * A real isolate (the host's {@link Isolate}: own context, event loop, host bridge, runtime bundle)
 * running a do-nothing app, in which tests evaluate scripts. Results are awaited when they are promises.
 */
final class WebContext implements AutoCloseable {
    private static final JsEngine ENGINE = new JsEngine();
    private static final Map<String, Source> SOURCES = new ConcurrentHashMap<>();
    private static final Source ENTRY = Source.newBuilder("js", "export default { fetch() { return new Response(''); } };", "entry.mjs")
            .mimeType("application/javascript+module").buildLiteral();

    private final Isolate isolate;

    /** The production bootstrap, exactly as the host evaluates it. */
    WebContext() {
        this("w7s/runtime/main.js");
    }

    /**
     * @param bootstrap class-path resource to boot the isolate with: {@code w7s/runtime/main.js}, or the
     *     test build {@code w7s/runtime-test/main-with-internals.js} which also exposes
     *     {@code globalThis.__w7s_web = { requestFromHost, responseToHost }}
     */
    WebContext(String bootstrap) {
        IsolateSpec spec = new IsolateSpec("test/web@production", ENTRY, "entry.mjs",
                FileSystem.newDenyIOFileSystem(), Map.of(), SourceMapper.IDENTITY,
                io.w7s.host.isolate.RpcGateway.NONE);
        try {
            isolate = Isolate.start(ENGINE, spec, source(bootstrap));
        } catch (IsolateException e) {
            throw new AssertionError(e);
        }
    }

    /** How many times lazy bundle {@code name} was loaded into this isolate. */
    int loads(String name) {
        return isolate.runtimeModuleLoads(name);
    }

    Value eval(String js) {
        return evaluate(Source.newBuilder("js", js, "test.js").buildLiteral());
    }

    /** Evaluates {@code js}, awaits it, and returns the result as JSON text (converted on the isolate's thread). */
    String evalJson(String js) {
        try {
            return isolate.evaluate(Source.newBuilder("js", js, "test.js").buildLiteral(),
                    v -> v.getContext().eval("js", "JSON.stringify").execute(v).asString()).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    Value evalResource(String path) {
        return evaluate(source(path));
    }

    private Value evaluate(Source source) {
        try {
            return isolate.evaluate(source).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static Source source(String classPathResource) {
        return SOURCES.computeIfAbsent(classPathResource, WebContext::load);
    }

    private static Source load(String resource) {
        try (InputStream in = WebContext.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: run the runtime build (mvn generate-resources)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Source.newBuilder("js", text, resource).cached(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        isolate.close();
    }
}
