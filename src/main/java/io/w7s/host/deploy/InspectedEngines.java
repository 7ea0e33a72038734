package io.w7s.host.deploy;

import io.w7s.host.isolate.Inspector;
import io.w7s.host.isolate.JsEngine;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code w7s serve --inspect}: an engine per deployment, because the Chrome inspector debugs whole
 * engines, so each deployment is its own DevTools target. All listen on the one inspector port, each
 * on the path {@code /<owner>/<repo>/<environment>-<secret>}: readable in chrome://inspect, and
 * unpredictable, since any web page that knows the URL could connect and run code. A redeploy gets a
 * new engine, so a new path (logged again).
 */
public final class InspectedEngines implements DeploymentEngines {
    private static final Logger LOG = Logger.getLogger(InspectedEngines.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Inspector inspector;
    private final Consumer<JsEngine> firstStarted;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Set<JsEngine> running = ConcurrentHashMap.newKeySet();

    /** @param firstStarted runs on the first engine built (the host logs its JIT status) */
    public InspectedEngines(Inspector inspector, Consumer<JsEngine> firstStarted) {
        this.inspector = inspector;
        this.firstStarted = firstStarted;
    }

    @Override
    public JsEngine acquire(String owner, String repo, String environment) {
        Inspector.Endpoint endpoint = inspector.at(owner + "/" + repo + "/" + environment + "-" + secret());
        JsEngine engine = JsEngine.inspected(endpoint);
        running.add(engine);
        if (started.compareAndSet(false, true)) firstStarted.accept(engine);
        LOG.info("inspect " + DeploymentLabel.of(owner + "/" + repo, environment) + ": " + endpoint.devtoolsUrl());
        return engine;
    }

    private static String secret() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void release(JsEngine engine) {
        if (running.remove(engine)) engine.close();
    }

    /**
     * One: every isolate is a context of the deployment's engine, and DevTools would show each one's
     * copy of every script, with breakpoints hit in whichever isolate took the request. One isolate
     * means one set of scripts and one module state to look at.
     */
    @Override
    public int isolates(String label, int wanted) {
        if (wanted > 1) LOG.info(label + ": 1 isolate instead of " + wanted + " while inspecting");
        return 1;
    }

    /** DevTools reads each module's inline source map and shows (and breaks in) the .ts file. */
    @Override
    public boolean inlineSourceMaps() {
        return true;
    }

    @Override
    public boolean jitEnabled() {
        return JsEngine.jitAvailable();
    }

    @Override
    public void close() {
        for (JsEngine engine : running) release(engine);
    }
}
