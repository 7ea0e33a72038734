package io.w7s.host.deploy;

import io.w7s.host.isolate.JsEngine;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The host's one engine, given to every deployment, so that parsed sources and compiled code are shared.
 * Built on its own thread, in parallel with reading folders and compiling their modules.
 */
public final class SharedEngine implements DeploymentEngines {
    private final CompletableFuture<JsEngine> engine;

    private SharedEngine(CompletableFuture<JsEngine> engine) {
        this.engine = engine;
    }

    /** Starts building the engine; {@code started} runs on it once built (the host logs its JIT status). */
    public static SharedEngine start(Consumer<JsEngine> started) {
        CompletableFuture<JsEngine> engine = new CompletableFuture<>();
        Thread.ofPlatform().name("w7s-engine-start").start(() -> {
            try {
                JsEngine built = new JsEngine();
                started.accept(built);
                engine.complete(built);
            } catch (Throwable t) {
                engine.completeExceptionally(t);
            }
        });
        return new SharedEngine(engine);
    }

    /** An engine someone else built (and closes). */
    public static DeploymentEngines of(Supplier<JsEngine> engine) {
        return new DeploymentEngines() {
            @Override
            public JsEngine acquire(String owner, String repo, String environment) {
                return engine.get();
            }

            @Override
            public void release(JsEngine released) {
            }

            @Override
            public boolean jitEnabled() {
                return engine.get().jitEnabled();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The engine, waiting for it to be built; a {@link java.util.concurrent.CompletionException} if it could not be. */
    public JsEngine join() {
        return engine.join();
    }

    @Override
    public JsEngine acquire(String owner, String repo, String environment) {
        return join();
    }

    @Override
    public void release(JsEngine released) {
        // shared by every deployment: closed with the host
    }

    @Override
    public boolean jitEnabled() {
        return join().jitEnabled();
    }

    @Override
    public void close() {
        engine.thenAccept(JsEngine::close);
    }
}
