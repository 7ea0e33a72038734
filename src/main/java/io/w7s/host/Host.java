package io.w7s.host;

import io.helidon.webserver.WebServer;
import io.w7s.host.deploy.AppFolders;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.Deployer;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.Names;
import io.w7s.host.deploy.Registry;
import io.w7s.host.ingress.PublicServer;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.rpc.RpcRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * A running W7S host: one shared JS engine, the deployments of the configured folders, and the
 * public HTTP listener. A folder that fails to deploy is reported and skipped; the others run.
 */
public final class Host implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Host.class.getName());

    private final HostConfig config;
    private final JsEngine engine;
    private final Registry registry = new Registry();
    private final Deployer deployer;
    private final List<String> deployErrors = new ArrayList<>();
    private WebServer server;

    private Host(HostConfig config) {
        this.config = config;
        this.engine = new JsEngine();
        this.deployer = new Deployer(engine, new TypeScriptCompiler(), registry, new RpcRouter(registry, RpcRouter.DEFAULT_MAX_DEPTH, config.rpcTimeout()));
    }

    public static Host start(HostConfig config) {
        long start = System.nanoTime();
        Host host = new Host(config);
        LOG.info(host.engine.jitStatus());
        host.deployAll();
        LOG.info(() -> "engine and deployments ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        host.server = PublicServer.start(config, host.registry);
        return host;
    }

    private void deployAll() {
        for (AppSource source : config.apps()) {
            List<Path> folders;
            try {
                folders = AppFolders.discover(source.dir());
            } catch (DeployException e) {
                reportDeployError(e.getMessage());
                continue;
            }
            if (source.repository() != null && folders.size() != 1) {
                reportDeployError(source.dir() + ": --repo names one repository, but the folder holds "
                        + folders.size() + " apps");
                continue;
            }
            for (Path folder : folders) {
                try {
                    deployer.deploy(folder, source.environment(), source.repository());
                } catch (DeployException e) {
                    reportDeployError(e.getMessage());
                }
            }
        }
    }

    private void reportDeployError(String message) {
        deployErrors.add(message);
        LOG.severe("deploy failed: " + message);
    }

    /** Deploys (or redeploys) one folder while the host runs. */
    public Deployment deploy(Path folder, String environment, String repository) throws DeployException {
        return deployer.deploy(folder, environment, repository);
    }

    public int port() {
        return server.port();
    }

    public Registry registry() {
        return registry;
    }

    public List<String> deployErrors() {
        return List.copyOf(deployErrors);
    }

    public boolean jitEnabled() {
        return engine.jitEnabled();
    }

    public String publicUrl(Deployment d) {
        return "http://" + Names.publicHost(d.owner(), d.repo(), d.environment(), config.domain()) + ":" + port() + "/";
    }

    @Override
    public void close() {
        if (server != null) server.stop();
        deployer.shutdown(Duration.ofSeconds(5));
        engine.close();
    }
}
