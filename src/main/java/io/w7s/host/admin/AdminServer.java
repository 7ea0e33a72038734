package io.w7s.host.admin;

import io.helidon.webserver.WebServer;
import io.w7s.host.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/** The admin listener: its own port and address, apart from the public one, so it can stay on loopback. */
public final class AdminServer {
    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());
    /** Largest upload: an app folder with its node_modules, compressed. */
    static final long MAX_UPLOAD_BYTES = 256L << 20;

    private AdminServer() {
    }

    public static WebServer start(AdminConfig config, Host host) {
        AdminToken token;
        try {
            token = AdminToken.resolve(config);
        } catch (IOException e) {
            throw new UncheckedIOException("admin token: " + e.getMessage(), e);
        }
        AdminApi api = new AdminApi(host);
        WebServer server = WebServer.builder()
                .host(config.bind())
                .port(config.port())
                .maxPayloadSize(MAX_UPLOAD_BYTES)
                .routing(r -> api.routing(r, token))
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs the bind failure and returns a server that does not listen
            throw new IllegalStateException("the admin API cannot listen on " + config.bind() + ":" + config.port()
                    + " (is another host using it?); choose another with --admin-port N, or --no-admin");
        }
        LOG.info("admin API on http://" + config.bind() + ":" + server.port() + "/api/v1/deployments"
                + (token == null ? " (loopback: no token needed)" : " (token in " + token.file() + ")"));
        return server;
    }
}
