package io.w7s.host.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.w7s.host.Host;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.GitHubNames;
import io.w7s.host.deploy.Names;
import io.w7s.host.web.WebResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The admin API's endpoints (JSON):
 * <pre>
 * GET    /api/v1/deployments                          every deployment
 * PUT    /api/v1/deployments/{owner}/{repo}?env=NAME   deploy or redeploy (body: the app folder as .tar.gz)
 * DELETE /api/v1/deployments/{owner}/{repo}?env=NAME   undeploy
 * GET    /healthz    200 while the process serves (no token needed: for probes)
 * GET    /readyz     200 once every configured deployment serves; else 503 with those loading or failed (no token needed)
 * GET    /metrics    Prometheus text format
 * GET    /           the dashboard ({@link Dashboard}); GET /api/v1/live its live feed
 * </pre>
 * The environment is a query parameter because branch names may contain {@code /}. Errors have the
 * platform's shape, {@code {"error":{"code","message"}}}. Listings never show tokens, vars or secrets.
 */
final class AdminApi {
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOYMENTS = "/api/v1/deployments";
    static final String HEALTHZ = "/healthz";
    static final String READYZ = "/readyz";
    static final String METRICS = "/metrics";

    private final Host host;

    AdminApi(Host host) {
        this.host = host;
    }

    void routing(HttpRouting.Builder routing, AdminToken token, Dashboard dashboard) {
        routing.addFilter(token != null ? new AdminAccess(token) : new LoopbackHosts());
        routing.get(HEALTHZ, (req, res) -> sendJson(res, 200, JSON.createObjectNode().put("status", "serving")))
                .get(READYZ, (req, res) -> ready(res))
                .get(METRICS, (req, res) -> metrics(res))
                .get(DEPLOYMENTS, (req, res) -> list(res))
                .put(DEPLOYMENTS + "/{owner}/{repo}", this::deploy)
                .delete(DEPLOYMENTS + "/{owner}/{repo}", this::undeploy);
        dashboard.routing(routing);
        routing.any((req, res) -> send(res, WebResponse.error(404, "not_found", "no such admin endpoint; see GET " + DEPLOYMENTS)));
    }

    private void list(ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode all = body.putArray("deployments");
        for (Deployment d : host.registry().all()) all.add(describe(d));
        sendJson(res, 200, body);
    }

    private void ready(ServerResponse res) {
        java.util.Map<String, String> why = host.readiness().notReady();
        java.util.Map<String, String> stale = host.readiness().stale();
        ObjectNode body = JSON.createObjectNode().put("status", why.isEmpty() ? "ready" : "not_ready");
        if (!why.isEmpty()) {
            ObjectNode waiting = body.putObject("deployments");
            why.forEach(waiting::put);
        }
        if (!stale.isEmpty()) { // serving an older version: ready, but an operator should know why
            ObjectNode older = body.putObject("stale");
            stale.forEach(older::put);
        }
        sendJson(res, why.isEmpty() ? 200 : 503, body);
    }

    private void metrics(ServerResponse res) {
        String text = host.telemetry().scrape();
        if (text == null) {
            send(res, WebResponse.error(404, "metrics_off", "metrics are off on this host"));
            return;
        }
        res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void deploy(ServerRequest req, ServerResponse res) {
        String repository = repository(req, res);
        String environment = environment(req, res);
        if (repository == null || environment == null) return;
        Path upload = null;
        try {
            upload = Files.createTempDirectory("w7s-upload-");
            Path folder = Files.createDirectory(upload.resolve("app"));
            AppArchive.unpack(req.content().inputStream(), folder);
            boolean replacing = host.registry().find(environment, owner(repository), repo(repository)) != null;
            Deployment d = host.deploy(folder, environment, repository);
            ObjectNode body = JSON.createObjectNode();
            body.set("deployment", describe(d));
            sendJson(res, replacing ? 200 : 201, body);
        } catch (AppArchive.BadArchiveException e) {
            send(res, WebResponse.error(400, "bad_archive", "the upload is not an app folder archive: " + e.getMessage()));
        } catch (DeployException e) {
            // Paths as the user knows them: relative to the app folder, not to where the upload was unpacked.
            String message = e.getMessage().replace(upload.resolve("app") + "/", "").replace(upload.resolve("app").toString(), ".");
            send(res, WebResponse.error(400, "deploy_failed", message));
        } catch (IOException e) {
            LOG.warning("admin deploy of " + repository + " failed: " + e);
            send(res, WebResponse.error(500, "upload_failed", "the upload could not be stored on the host: " + e.getMessage()));
        } finally {
            if (upload != null) deleteTree(upload);
        }
    }

    private void undeploy(ServerRequest req, ServerResponse res) {
        String repository = repository(req, res);
        String environment = environment(req, res);
        if (repository == null || environment == null) return;
        Deployment removed = host.undeploy(environment, owner(repository), repo(repository));
        if (removed == null) {
            send(res, WebResponse.error(404, "not_deployed", repository + " is not deployed in environment '" + environment + "'"));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("undeployed", describe(removed));
        sendJson(res, 200, body);
    }

    /** The owner/repo of the path, or null after answering 400. */
    private static String repository(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("owner") + "/" + req.path().pathParameters().get("repo");
        if (GitHubNames.repository(name) == null) {
            send(res, WebResponse.error(400, "bad_repository", "'" + name + "' is not a GitHub owner/repo"));
            return null;
        }
        return name;
    }

    /** The environment of the query ({@code production} when absent), or null after answering 400. */
    private static String environment(ServerRequest req, ServerResponse res) {
        String env = req.query().contains("env") ? req.query().get("env") : Names.PRODUCTION;
        try {
            Names.checkEnvironment(env);
            return env;
        } catch (IllegalArgumentException e) {
            send(res, WebResponse.error(400, "bad_environment", e.getMessage()));
            return null;
        }
    }

    private static String owner(String repository) {
        return repository.substring(0, repository.indexOf('/'));
    }

    private static String repo(String repository) {
        return repository.substring(repository.indexOf('/') + 1);
    }

    private ObjectNode describe(Deployment d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("repository", d.repository());
        o.put("owner", d.owner());
        o.put("repo", d.repo());
        o.put("environment", d.environment());
        o.put("url", host.publicUrl(d));
        o.put("entry", d.entry());
        o.put("deployedAt", d.deployedAt().toString());
        o.put("modules", d.modules());
        return o;
    }

    private static void sendJson(ServerResponse res, int status, ObjectNode body) {
        try {
            res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, "application/json")
                    .send(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(ServerResponse res, WebResponse error) {
        res.status(Status.create(error.status())).header(HeaderNames.CONTENT_TYPE, "application/json").send(error.body());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warning("could not delete " + root + ": " + e);
        }
    }
}
