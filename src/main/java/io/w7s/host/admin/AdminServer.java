package io.w7s.host.admin;

import io.helidon.webserver.WebServer;
import io.w7s.host.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * The admin listener: its own port and address, apart from the public one, so it can stay on loopback. It serves the
 * admin API and the dashboard.
 */
public final class AdminServer {
    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());
    /** Largest upload: an app folder with its node_modules, compressed. */
    static final long MAX_UPLOAD_BYTES = 256L << 20;

    private final WebServer server;
    private final Dashboard dashboard;

    private AdminServer(WebServer server, Dashboard dashboard) {
        this.server = server;
        this.dashboard = dashboard;
    }

    public static AdminServer start(AdminConfig config, Host host) {
        AdminToken token;
        try {
            token = AdminToken.resolve(config);
        } catch (IOException e) {
            throw new UncheckedIOException("admin token: " + e.getMessage(), e);
        }
        AdminApi api = new AdminApi(host);
        Dashboard dashboard = new Dashboard(host);
        WebServer server;
        try {
            server = WebServer.builder()
                    .host(config.bind())
                    .port(config.port())
                    .maxPayloadSize(MAX_UPLOAD_BYTES)
                    .routing(r -> api.routing(r, token, dashboard))
                    .build()
                    .start();
            if (!server.isRunning()) { // Helidon logs the bind failure and returns a server that does not listen
                throw new IllegalStateException("the admin API cannot listen on " + config.bind() + ":" + config.port()
                        + " (is another host using it?); choose another with --admin-port N, or --no-admin");
            }
        } catch (RuntimeException e) {
            dashboard.close();
            throw e;
        }
        String base = "http://" + config.bind() + ":" + server.port();
        LOG.info("admin API on " + base + "/api/v1/deployments, dashboard on " + base + "/"
                + (token == null ? " (loopback: no token needed)" : " (token in " + token.file() + "; open the dashboard as /?token=TOKEN)"));
        return new AdminServer(server, dashboard);
    }

    public int port() {
        return server.port();
    }

    /** Stops listening; open dashboards are disconnected at once. */
    public void stop() {
        dashboard.close();
        server.stop();
    }
}
