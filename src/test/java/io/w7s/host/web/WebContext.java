package io.w7s.host.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * Test stand-in for the isolate: one GraalJS context on a shared engine, with the bundled
 * runtime ({@code w7s/runtime/main.js}) evaluated and a host object whose
 * {@code loadRuntimeModule(name)} evaluates {@code w7s/runtime/lazy/<name>.js} and counts loads.
 * The real Java host replaces this.
 */
final class WebContext implements AutoCloseable {
    private static final Engine ENGINE = Engine.newBuilder("js")
            .option("engine.WarnInterpreterOnly", "false")
            .build();
    private static final Map<String, Source> SOURCES = new ConcurrentHashMap<>();

    private final Context context;
    private final Map<String, Integer> loads = new ConcurrentHashMap<>();

    /** The production bootstrap, exactly as the host evaluates it. */
    WebContext() {
        this("w7s/runtime/main.js");
    }

    /**
     * @param bootstrap class-path resource to evaluate: {@code w7s/runtime/main.js}, or the test
     *     build {@code w7s/runtime-test/main-with-internals.js} which also exposes
     *     {@code globalThis.__w7s_web = { requestFromHost, responseToHost }}
     */
    WebContext(String bootstrap) {
        context = Context.newBuilder("js")
                .engine(ENGINE)
                .option("js.text-encoding", "true")
                .allowHostAccess(HostAccess.newBuilder().allowBufferAccess(true).build())
                .allowHostClassLookup(name -> false)
                .build();
        ProxyExecutable load = args -> {
            String name = args[0].asString();
            loads.merge(name, 1, Integer::sum);
            return context.eval(source("w7s/runtime/lazy/" + name + ".js"));
        };
        // main.js takes the host object from this global and deletes it.
        context.getBindings("js").putMember("__w7s_host", ProxyObject.fromMap(Map.of("loadRuntimeModule", load)));
        context.eval(source(bootstrap));
    }

    /** How many times lazy bundle {@code name} was loaded into this context. */
    int loads(String name) {
        return loads.getOrDefault(name, 0);
    }

    Value eval(String js) {
        return context.eval("js", js);
    }

    Value evalResource(String path) {
        return context.eval(source(path));
    }

    Value global(String name) {
        return context.getBindings("js").getMember(name);
    }

    /** Awaits a JS promise (microtasks run when control returns to Java; no timers exist here). */
    static Value await(Value promise) {
        AtomicReference<Value> result = new AtomicReference<>();
        AtomicReference<Value> error = new AtomicReference<>();
        promise.invokeMember("then",
                (ProxyExecutable) a -> { result.set(a.length > 0 ? a[0] : null); return null; },
                (ProxyExecutable) a -> { error.set(a.length > 0 ? a[0] : null); return null; });
        if (error.get() != null) {
            throw new AssertionError("promise rejected: " + error.get());
        }
        if (result.get() == null) {
            throw new AssertionError("promise still pending after the microtask queue drained");
        }
        return result.get();
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
        context.close();
    }
}
