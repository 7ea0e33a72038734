package io.w7s.host;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.w7s.host.admin.AdminServer;
import io.w7s.host.deploy.AppFolder;
import io.w7s.host.deploy.AppFolders;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.Deployer;
import io.w7s.host.deploy.DeploymentLabel;
import io.w7s.host.deploy.DeploymentEngines;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.InspectedEngines;
import io.w7s.host.deploy.Names;
import io.w7s.host.deploy.Registry;
import io.w7s.host.deploy.SharedEngine;
import io.w7s.host.ingress.PublicServer;
import io.w7s.host.isolate.Inspector;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.manifest.ManifestLoop;
import io.w7s.host.module.CompileCache;
import io.w7s.host.observe.Telemetry;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.rpc.RpcRouter;
import io.w7s.host.web.AccessLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * A running W7S host: one shared JS engine (one per deployment with the inspector on), the deployments
 * of the configured folders, and the public HTTP listener. A folder that fails to deploy is reported and skipped; the others run.
 *
 * <p>Start-up overlaps what it can: the engine is built on its own thread while module graphs load,
 * the listener opens before any deployment is ready (each repository is announced, so requests for
 * one still loading get 503 with Retry-After and RPC calls to it wait), and folders deploy in
 * parallel, one per core.
 */
public final class Host implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Host.class.getName());

    private final HostConfig config;
    /** The shared engine (built on its own thread while module graphs load), or one per deployment while inspecting. */
    private final DeploymentEngines engines;
    private final Registry registry = new Registry();
    private final Deployer deployer;
    private final List<String> deployErrors = new CopyOnWriteArrayList<>();
    private final Readiness readiness = new Readiness();
    private final Telemetry telemetry;
    private WebServer server;
    private AdminServer admin;
    private ManifestLoop manifest;

    private Host(HostConfig config) {
        this.config = config;
        LOG.info("limits per deployment (w7s.json \"limits\" may change them up to the maximum): " + config.limits().describe()
                + "; maximum " + io.w7s.host.isolate.Limits.MAXIMUMS.describe() + "; up to " + config.isolates()
                + " isolate(s) per deployment, started when the running ones are busy (w7s.json \"isolates\" may choose up to "
                + io.w7s.host.deploy.IsolatePool.MAX_ISOLATES + ")");
        if (config.inspector() == null) {
            this.engines = SharedEngine.start(Host::engineStarted);
        } else {
            LOG.info("Chrome DevTools inspector on " + Inspector.HOST + ":" + config.inspector().port()
                    + " (open chrome://inspect, or a deployment's devtools:// URL below): one engine and one isolate per deployment");
            this.engines = new InspectedEngines(config.inspector(), Host::engineStarted);
        }
        this.telemetry = Telemetry.start(config.telemetry(), this::current);
        if (config.manifest() != null) readiness.loading(ManifestLoop.READINESS_NAME);
        this.deployer = new Deployer(engines, compiler(config), registry,
                new RpcRouter(registry, RpcRouter.DEFAULT_MAX_DEPTH, config.rpcTimeout(), config.dev(), AccessLog.of(config.accessLog()),
                        telemetry), config.limits(), config.isolates(), config.secrets());
    }

    private static TypeScriptCompiler compiler(HostConfig config) {
        if (config.compileCache() == null) {
            return new TypeScriptCompiler();
        }
        LOG.info("compile cache: " + config.compileCache());
        return new TypeScriptCompiler(new CompileCache(config.compileCache()));
    }

    /** Logs, once, what the first engine says about this JVM: is the JIT on, and so are memory limits enforced. */
    private static void engineStarted(JsEngine engine) {
        LOG.info(engine.jitStatus());
        if (!engine.jitEnabled()) {
            LOG.warning("memory limits are NOT enforced: measuring an isolate's heap needs the GraalJS JIT runtime"
                    + " (start the host with ./w7s); CPU, wall-time and subrequest limits are");
        }
    }

    /** Starts the host; returns once the listener is open and every folder has deployed or failed to. */
    public static Host start(HostConfig config) {
        long start = System.nanoTime();
        Host host = new Host(config);
        try {
            List<Planned> planned = host.announceAll();
            host.server = PublicServer.start(config, host.registry, host.telemetry);
            LOG.info(() -> "listening on port " + host.server.port() + " after " + (System.nanoTime() - start) / 1_000_000
                    + " ms; " + planned.size() + " deployment(s) loading");
            if (config.admin() != null) host.admin = AdminServer.start(config.admin(), host);
            host.deployAll(planned);
            if (host.engines instanceof SharedEngine shared) shared.join(); // even with nothing to deploy, the host is ready only with its engine
            if (config.manifest() != null) host.manifest = ManifestLoop.start(host, config.manifest());
            host.readiness.started();
        } catch (CompletionException e) { // the engine could not be built: nothing can run
            host.close();
            throw new IllegalStateException("the JavaScript engine did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        LOG.info(() -> "engine and deployments ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return host;
    }

    /**
     * The public routing: every request goes to {@link PublicIngress}, which finds the app by host name.
     * Wired here, apart from {@link #start}, so tests can exercise it without opening a socket.
     */
    public static void routing(HttpRouting.Builder routing, Registry registry, HostConfig config) {
        PublicServer.routing(routing, registry, config, Telemetry.NONE);
    }

    /** An app folder to deploy, announced in the registry. */
    private record Planned(AppFolder app, String environment) {
        String label() {
            return DeploymentLabel.of(app.repository(), environment);
        }
    }

    /** Finds every folder to deploy and announces its repository; what cannot deploy is reported here. */
    private List<Planned> announceAll() {
        List<Planned> planned = new ArrayList<>();
        Map<String, Path> claims = new HashMap<>();
        for (AppSource source : config.apps()) {
            List<Path> folders;
            try {
                folders = AppFolders.discover(source.dir());
            } catch (DeployException e) {
                reportDeployError(AppFolders.shown(source.dir()), e.getMessage());
                continue;
            }
            if (source.repository() != null && folders.size() != 1) {
                reportDeployError(AppFolders.shown(source.dir()), source.dir() + ": --repo names one repository, but the folder holds "
                        + folders.size() + " apps");
                continue;
            }
            for (Path folder : folders) {
                try {
                    AppFolder app = AppFolder.read(folder, source.repository());
                    String conflict = claim(claims, app, source.environment());
                    if (conflict != null) {
                        reportDeployError(AppFolders.shown(folder), conflict);
                        continue;
                    }
                    deployer.announce(app, source.environment());
                    Planned p = new Planned(app, source.environment());
                    readiness.loading(p.label());
                    planned.add(p);
                } catch (DeployException e) {
                    reportDeployError(AppFolders.shown(folder), e.getMessage());
                }
            }
        }
        return planned;
    }

    /** Deploys the announced folders, as many at once as there are cores. */
    private void deployAll(List<Planned> planned) {
        int parallel = Math.max(1, Math.min(planned.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofPlatform().name("w7s-deploy-", 1).factory())) {
            for (Planned p : planned) {
                pool.execute(() -> {
                    try {
                        deployer.deploy(p.app(), p.environment());
                        deployed(p.label(), "deploy", true);
                    } catch (DeployException e) {
                        reportDeployError(p.label(), e.getMessage());
                    } catch (CompletionException e) {
                        readiness.failed(p.label(), "the JavaScript engine did not start", false); // reported once, by start
                    } catch (RuntimeException e) {
                        reportDeployError(p.label(), p.app().root() + ": " + e);
                    }
                });
            }
        }
    }

    /**
     * Records that the folder of {@code app} claims its (environment, owner/repo). Returns the deploy error when
     * another folder claimed it first (that one keeps it), or null. Names compare case-insensitively,
     * as the registry finds them.
     */
    private static String claim(Map<String, Path> claims, AppFolder app, String environment) {
        String key = environment + "\n" + app.repository().toLowerCase(Locale.ROOT);
        Path self = app.root().toAbsolutePath().normalize();
        Path first = claims.putIfAbsent(key, self);
        if (first == null || first.equals(self)) return null;
        return AppFolders.shown(first) + " and " + AppFolders.shown(self) + " both claim " + app.repository() + " in environment "
                + environment + "; rename one (w7s.json \"repository\", or --repo) or deploy them into"
                + " different environments";
    }

    private void reportDeployError(String name, String message) {
        deployErrors.add(message);
        readiness.failed(name, message, false);
        if (name.contains("@")) telemetry.deployed(name, "deploy", false);
        LOG.severe("deploy failed: " + message);
    }

    /** A deploy of {@code label} ended: counted, and once it serves, the label is ready. */
    private void deployed(String label, String kind, boolean ok) {
        if (ok) readiness.serving(label);
        telemetry.deployed(label, kind, ok);
    }

    private Deployment current(String label) {
        DeploymentLabel l = DeploymentLabel.parse(label);
        return l == null ? null : registry.find(l.environment(), l.owner(), l.repo());
    }

    /** What {@code /readyz} reports. */
    public Readiness readiness() {
        return readiness;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    /**
     * Announces a folder's repository before it deploys, as start-up does: until {@link #deploy} loads
     * it, public requests get 503 with Retry-After and RPC calls to it wait.
     */
    public void announce(Path folder, String environment, String repository) throws DeployException {
        AppFolder app = AppFolder.read(folder, repository);
        deployer.announce(app, environment);
        readiness.loading(DeploymentLabel.of(app.repository(), environment));
    }

    /** Announces a repository by name (a manifest's deployment, before its bundle is fetched): see {@link #announce(Path, String, String)}. */
    public void announce(String repository, String environment) throws DeployException {
        deployer.announce(repository, environment);
        readiness.loading(DeploymentLabel.of(repository, environment));
    }

    /** The loop converging on {@code --manifest}, or null. */
    public ManifestLoop manifest() {
        return manifest;
    }

    /** Redeploys a folder that changed ({@code w7s dev}), without the deploy log line: the caller logs its own. */
    public Deployment reload(Path folder, String environment, String repository) throws DeployException {
        return counted("reload", folder, environment, repository, () -> deployer.deploy(folder, environment, repository, false));
    }

    /** Deploys (or redeploys) one folder while the host runs. */
    public Deployment deploy(Path folder, String environment, String repository) throws DeployException {
        return counted("deploy", folder, environment, repository, () -> deployer.deploy(folder, environment, repository));
    }

    private interface DeployStep {
        Deployment run() throws DeployException;
    }

    /** Runs a deploy and counts it; a failed one is counted under the repository it would have had, when that is known. */
    private Deployment counted(String kind, Path folder, String environment, String repository, DeployStep step) throws DeployException {
        try {
            Deployment d = step.run();
            readiness.forget(AppFolders.shown(folder));
            deployed(d.label(), kind, true);
            return d;
        } catch (DeployException e) {
            String name = repository;
            if (name == null) {
                try {
                    name = AppFolder.read(folder, null).repository();
                } catch (DeployException unreadable) {
                    name = null; // w7s.json itself is broken: nothing to name the failure by
                }
            }
            if (name != null) {
                String label = DeploymentLabel.of(name, environment);
                telemetry.deployed(label, kind, false);
                // Waited for and never served: not ready, and why. A failed redeploy leaves the last good version serving: stale.
                if (current(label) != null) readiness.failed(label, e.getMessage(), true); // the last good version serves
                else readiness.failedIfAwaited(label, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Takes (environment, owner/repo) out of service: new requests get 404 at once, those in flight
     * finish. Returns the deployment removed, or null when none was deployed.
     */
    public Deployment undeploy(String environment, String owner, String repo) {
        Deployment removed = deployer.undeploy(environment, owner, repo);
        if (removed != null) {
            telemetry.deployed(removed.label(), "undeploy", true);
            readiness.forget(removed.label());
        }
        return removed;
    }

    /** Completes once every replaced or undeployed deployment has drained and closed its isolates. */
    public java.util.concurrent.CompletableFuture<Void> retired() {
        return deployer.retired();
    }

    public int port() {
        return server.port();
    }

    /** The admin API's port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public HostConfig config() {
        return config;
    }

    public Registry registry() {
        return registry;
    }

    public List<String> deployErrors() {
        return List.copyOf(deployErrors);
    }

    public boolean jitEnabled() {
        return engines.jitEnabled();
    }

    public String publicUrl(Deployment d) {
        return "http://" + Names.publicHost(d.owner(), d.repo(), d.environment(), config.domain()) + ":" + port() + "/";
    }

    /**
     * Stops the host within the shutdown grace period whatever the apps do: stops accepting, lets
     * requests in flight finish, then cancels what is still running.
     */
    @Override
    public void close() {
        if (manifest != null) manifest.close();
        if (admin != null) admin.stop();
        if (server != null) server.stop();
        deployer.shutdown(config.shutdownGrace());
        engines.close();
        telemetry.close(); // last: spans of the requests that just finished are flushed
    }
}
