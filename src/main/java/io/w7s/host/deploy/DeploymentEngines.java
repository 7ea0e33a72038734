package io.w7s.host.deploy;

import io.w7s.host.isolate.JsEngine;

/**
 * Where deployments get the {@link JsEngine} their isolates run on: normally the host's one shared
 * engine ({@link SharedEngine}); while inspecting, an engine of their own ({@link InspectedEngines}),
 * which also shapes the deployment for a debugger (one isolate, inline source maps).
 */
public interface DeploymentEngines extends AutoCloseable {
    /** The engine a new deployment (or redeployment) of {@code owner/repo} in {@code environment} runs on; may block while it is built. */
    JsEngine acquire(String owner, String repo, String environment);

    /** {@code engine}, from {@link #acquire}, runs nothing any more: its deployment retired or failed to start. */
    void release(JsEngine engine);

    /** How many isolates the deployment {@code label} may run when its settings ask for {@code wanted}. */
    default int isolates(String label, int wanted) {
        return wanted;
    }

    /** Whether compiled TypeScript carries its source map inline ({@code //# sourceMappingURL=data:...}) for a debugger. */
    default boolean inlineSourceMaps() {
        return false;
    }

    /** Whether the engines run GraalJS compiled (the JIT), not interpreted. */
    boolean jitEnabled();

    /** Closes what this source built (deployments have stopped). */
    @Override
    void close();
}
