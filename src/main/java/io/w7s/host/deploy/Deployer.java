package io.w7s.host.deploy;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.isolate.IsolateException;
import io.w7s.host.isolate.IsolateSpec;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.isolate.Limits;
import io.w7s.host.isolate.RpcGateway;
import io.w7s.host.isolate.SourceMapper;
import io.w7s.host.module.ModuleException;
import io.w7s.host.module.ModuleGraph;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.rpc.RpcToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.graalvm.polyglot.SourceSection;

/**
 * Folder → running {@link Deployment}: reads the app folder, builds and validates its module
 * graph, starts its first isolate (more start only when it is busy: {@link IsolatePool}), then
 * swaps it into the {@link Registry} and retires the old one.
 * Every problem is found here, at deploy time, not on the first request.
 */
public final class Deployer {
    private static final Logger LOG = Logger.getLogger(Deployer.class.getName());
    /** How long a replaced deployment may keep finishing in-flight requests and waitUntil work. */
    static final Duration DRAIN = Duration.ofSeconds(30);

    /** Asked only once a module graph has loaded, so graphs load while the shared engine is still being built. */
    private final DeploymentEngines engines;
    private final TypeScriptCompiler compiler;
    private final Registry registry;
    private final RpcGateway rpc;
    private final Limits limits;
    private final int isolates;
    /** Replaced and undeployed deployments still draining. */
    private final java.util.Set<CompletableFuture<Void>> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The host's W7S_SECRET_* variables, read into each app's env at deploy. */
    private final HostSecrets secrets;

    public Deployer(JsEngine engine, TypeScriptCompiler compiler, Registry registry, RpcGateway rpc) {
        this(engine, compiler, registry, rpc, Limits.DEFAULTS);
    }

    /** @param limits the host's default limits; a deployment's w7s.json may choose others up to {@link Limits#MAXIMUMS} */
    public Deployer(JsEngine engine, TypeScriptCompiler compiler, Registry registry, RpcGateway rpc, Limits limits) {
        this(() -> engine, compiler, registry, rpc, limits, IsolatePool.perCore(), HostSecrets.NONE);
    }

    /**
     * @param engine   asked for once a module graph has loaded (it may block until the engine is built)
     * @param isolates the host's default of how many isolates one deployment may run (w7s.json may choose
     *                 another, up to {@link IsolatePool#MAX_ISOLATES})
     * @param secrets  the host environment's app secrets
     */
    public Deployer(Supplier<JsEngine> engine, TypeScriptCompiler compiler, Registry registry, RpcGateway rpc, Limits limits,
                    int isolates, HostSecrets secrets) {
        this(SharedEngine.of(engine), compiler, registry, rpc, limits, isolates, secrets);
    }

    /**
     * @param engines  where each deployment gets its engine (the shared one, or one per deployment while inspecting)
     * @param isolates the host's default of how many isolates one deployment may run (w7s.json may choose
     *                 another, up to {@link IsolatePool#MAX_ISOLATES})
     */
    public Deployer(DeploymentEngines engines, TypeScriptCompiler compiler, Registry registry, RpcGateway rpc, Limits limits,
                    int isolates, HostSecrets secrets) {
        if (isolates < 1 || isolates > IsolatePool.MAX_ISOLATES) {
            throw new IllegalArgumentException("isolates: " + isolates + " is not between 1 and " + IsolatePool.MAX_ISOLATES);
        }
        this.engines = engines;
        this.compiler = compiler;
        this.registry = registry;
        this.rpc = rpc;
        this.limits = limits;
        this.isolates = isolates;
        this.secrets = secrets;
    }

    /**
     * Announces a folder's repository before it deploys (see {@link Service#isLoading()}): public
     * requests for it get 503 with Retry-After and RPC calls wait, instead of a 404 while it loads.
     */
    public void announce(AppFolder app, String environment) throws DeployException {
        announce(app.repository(), environment);
    }

    /** Same, by name ({@code owner/repo}). */
    public void announce(String repository, String environment) throws DeployException {
        String[] name = GitHubNames.repository(repository);
        if (name == null) throw new DeployException("'" + repository + "' is not a GitHub owner/repo");
        try {
            Names.checkEnvironment(environment);
            registry.reserve(environment, name[0], name[1]);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DeployException(e.getMessage());
        }
    }

    public Deployment deploy(Path dir, String environment, String repositoryOverride) throws DeployException {
        return deploy(dir, environment, repositoryOverride, true);
    }

    /** @param logged whether to log "deployed ..." (w7s dev logs its own line per reload) */
    public Deployment deploy(Path dir, String environment, String repositoryOverride, boolean logged) throws DeployException {
        long start = System.nanoTime();
        try {
            Names.checkEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new DeployException(e.getMessage());
        }
        return deploy(AppFolder.read(dir, repositoryOverride), environment, start, logged);
    }

    /** Deploys an app folder already read (start-up reads each folder once, to announce it). */
    public Deployment deploy(AppFolder app, String environment) throws DeployException {
        long start = System.nanoTime();
        try {
            Names.checkEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new DeployException(e.getMessage());
        }
        return deploy(app, environment, start, true);
    }

    /** Deploys {@code app}; if it was announced and fails to load, its name is free again. */
    private Deployment deploy(AppFolder app, String environment, long start, boolean logged) throws DeployException {
        try {
            return load(app, environment, start, logged);
        } catch (DeployException | RuntimeException e) {
            registry.abandon(environment, app.owner(), app.repo()); // only if it was announced and never loaded
            throw e;
        }
    }

    private Deployment load(AppFolder app, String environment, long start, boolean logged) throws DeployException {
        ModuleGraph graph;
        try {
            graph = ModuleGraph.load(app.root(), app.entry(), compiler,
                    engines.inlineSourceMaps() ? ModuleGraph.SourceMaps.INLINE : ModuleGraph.SourceMaps.APART);
        } catch (ModuleException e) {
            throw new DeployException(app.repository() + ": " + e.getMessage());
        }
        Limits appLimits;
        try {
            appLimits = limits.with(app.settings().limits(), Limits.MAXIMUMS);
        } catch (IllegalArgumentException e) {
            throw new DeployException(app.root().resolve("w7s.json") + ": limits." + e.getMessage());
        }
        String label = DeploymentLabel.of(app.repository(), environment);
        String token = RpcToken.generate();
        AppEnv env = AppEnv.build(app, environment, token, secrets);
        IsolateSpec spec = new IsolateSpec(label, graph.entrySource(), app.root().relativize(app.entry()).toString(),
                graph.fileSystem(), env.strings(), sourceMapper(graph), rpc, appLimits, env.secretNames());
        JsEngine engine = engines.acquire(app.owner(), app.repo(), environment);
        Warmup warmup = new Warmup(label, app.settings().warmup());
        Isolate isolate;
        try {
            isolate = warmup.run(Isolate.start(engine, spec));
        } catch (IsolateException e) {
            engines.release(engine);
            throw new DeployException(app.repository() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            engines.release(engine);
            throw e;
        }
        int size = engines.isolates(label, app.settings().isolates() != null ? app.settings().isolates() : isolates);
        Deployment next = new Deployment(app, environment, token,
                new IsolatePool(label, isolate, () -> warmup.run(Isolate.start(engine, spec)), size), graph.files(),
                () -> engines.release(engine));
        Deployment previous;
        try {
            previous = registry.swap(next);
        } catch (IllegalStateException e) {
            next.retire(Duration.ZERO).join();
            throw new DeployException(e.getMessage());
        }
        if (previous != null) retire(previous);
        if (logged) LOG.info((previous == null ? "deployed " : "redeployed ") + next.label() + " ("
                + graph.files() + " modules" + (graph.combinedPackages().isEmpty() ? "" : "; combined: " + String.join(", ", graph.combinedPackages()))
                + ") in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return next;
    }

    private static SourceMapper sourceMapper(ModuleGraph graph) {
        return new SourceMapper() {
            @Override
            public String mapStackTrace(String text) {
                return graph.mapStackTrace(text);
            }

            @Override
            public String describe(SourceSection section) {
                return graph.describe(section);
            }
        };
    }

    /**
     * Removes (environment, owner/repo) from service: new requests get 404 at once, those in flight
     * finish (up to the drain period). Returns the deployment removed, or null when none was deployed.
     */
    public Deployment undeploy(String environment, String owner, String repo) {
        Deployment removed = registry.remove(environment, owner, repo);
        if (removed != null) {
            retire(removed);
            LOG.info("undeployed " + removed.label());
        }
        return removed;
    }

    private void retire(Deployment d) {
        CompletableFuture<Void> done = d.retire(DRAIN);
        retiring.add(done);
        done.whenComplete((v, e) -> retiring.remove(done));
    }

    /** Completes once every deployment replaced or undeployed so far has drained and closed (tests wait for this). */
    public CompletableFuture<Void> retired() {
        return CompletableFuture.allOf(retiring.toArray(CompletableFuture[]::new));
    }

    /**
     * Stops every deployment, all at once, letting in-flight work finish for up to {@code grace}; then
     * cancels what is still running (an isolate whose loop is stuck cannot close itself).
     */
    public void shutdown(Duration grace) {
        List<Deployment> stopping = new ArrayList<>();
        List<CompletableFuture<Void>> retired = new ArrayList<>();
        for (Deployment d : registry.all()) {
            Deployment removed = registry.remove(d.environment(), d.owner(), d.repo());
            if (removed == null) continue;
            stopping.add(removed);
            retired.add(removed.retire(grace));
        }
        try {
            CompletableFuture.allOf(retired.toArray(CompletableFuture[]::new)).get(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            for (int i = 0; i < stopping.size(); i++) {
                if (!retired.get(i).isDone()) stopping.get(i).kill("the host is shutting down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
