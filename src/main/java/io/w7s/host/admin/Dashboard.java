package io.w7s.host.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.w7s.host.Host;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.DeploymentLabel;
import io.w7s.host.observe.LiveFeed;
import io.w7s.host.observe.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard on the admin listener: the page at {@code /} (with its script, style and icon, all from the jar:
 * nothing is fetched from elsewhere, which its content security policy enforces) and its live feed at {@value #LIVE},
 * server-sent events of {@link LiveFeed} snapshots. While it runs, it keeps a {@link LogTail} of the app log.
 */
final class Dashboard {
    static final String PAGE = "/";
    static final String ASSETS = "/dashboard/";
    static final String LIVE = "/api/v1/live";
    static final String SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Host host;
    private final LogTail logs = LogTail.attach();
    private final EventStream events = new EventStream();

    Dashboard(Host host) {
        this.host = host;
    }

    void routing(HttpRouting.Builder routing) {
        routing.get(PAGE, (req, res) -> asset(res, "index.html"))
                .get(ASSETS + "{name}", (req, res) -> asset(res, req.path().pathParameters().get("name")))
                .get(LIVE, this::live);
    }

    /** Requests the dashboard serves read nothing but what the page shows. */
    static boolean isDashboard(ServerRequest req) {
        String path = req.path().path();
        return req.prologue().method().text().equals("GET") && (path.equals(PAGE) || path.startsWith(ASSETS) || path.equals(LIVE));
    }

    private static void asset(ServerResponse res, String name) {
        String type = TYPES.get(name);
        if (type == null) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain").send("no such dashboard file");
            return;
        }
        byte[] body;
        try (InputStream in = Dashboard.class.getResourceAsStream("/w7s/dashboard/" + name)) {
            if (in == null) throw new IOException("w7s/dashboard/" + name + " is not in the jar");
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, type).header("Content-Security-Policy", SECURITY_POLICY)
                .header(HeaderNames.CACHE_CONTROL, "no-cache").header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").send(body);
    }

    private void live(ServerRequest req, ServerResponse res) {
        LiveFeed feed = new LiveFeed(host.telemetry().live(), logs);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8").header(HeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Accel-Buffering", "no");
        try (OutputStream out = res.outputStream()) {
            events.run(out, () -> feed.next(rows(), System.nanoTime()).toString());
        } catch (IOException | UncheckedIOException e) {
            // the client went away while the stream closed
        }
    }

    /** Every deployment: those serving, and those still loading or that failed to deploy at start-up. */
    List<LiveFeed.Row> rows() {
        List<LiveFeed.Row> rows = new ArrayList<>();
        Set<String> serving = new HashSet<>();
        java.util.Map<String, String> stale = host.readiness().stale();
        for (Deployment d : host.registry().all()) {
            serving.add(d.label());
            // A newer version that failed to load is shown with the one that serves (its reason on hover).
            rows.add(new LiveFeed.Row(d.label(), d.owner(), d.repo(), d.environment(), host.publicUrl(d), "serving", stale.get(d.label()),
                    d.isolateCount()));
        }
        host.readiness().notReady().forEach((name, why) -> {
            if (serving.contains(name) || name.equals("host") || name.equals(io.w7s.host.manifest.ManifestLoop.READINESS_NAME)) return;
            DeploymentLabel label = DeploymentLabel.parse(name); // null: a folder that failed before it had a label
            boolean loading = why.equals("loading");
            rows.add(new LiveFeed.Row(name, label != null ? label.owner() : "", label != null ? label.repo() : name,
                    label != null ? label.environment() : "", null, loading ? "loading" : "failed",
                    loading ? null : why.replaceFirst("^failed: ", ""), 0));
        });
        return rows;
    }

    /** Ends the open streams at once and stops tailing the app log. */
    void close() {
        events.close();
        logs.close();
    }
}
