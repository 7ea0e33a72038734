package io.w7s.host.ingress;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Registry;
import io.w7s.host.observe.Telemetry;
import io.w7s.host.web.AccessLog;
import io.w7s.host.web.WebResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public HTTP/1.1 listener: Helidon's webserver with the edge rules of {@link EdgeLimits},
 * {@link EdgeRules} and {@link EdgeConnections}, routing every request to {@link PublicIngress}.
 * Errors Helidon answers itself (a request it cannot parse) get the platform's JSON error body, never
 * an echo of the input, and close the connection.
 */
public final class PublicServer {
    private static final Logger LOG = Logger.getLogger(PublicServer.class.getName());
    /** Helidon's message when the header section is over {@code maxHeadersSize}. */
    private static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";

    private PublicServer() {
    }

    /** Starts the public listener of a host. */
    public static WebServer start(HostConfig config, Registry registry, Telemetry telemetry) {
        EdgeLimits limits = config.edge();
        EdgeConnections connections = new EdgeConnections(limits.headTimeout());
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(limits.maxRequestLineBytes())
                .maxHeadersSize(limits.maxHeaderBytes())
                .validateRequestHeaders(true)
                .validatePath(true)
                // One listener: Helidon 4.5.0 calls none of them when given several.
                .addReceiveListener(new EdgeRules(limits, connections))
                .build();
        connections.use(http1);
        WebServer server = WebServer.builder()
                .port(config.port())
                .maxPayloadSize(config.maxBodyBytes())
                .addProtocol(http1)
                .addConnectionSelector(connections)
                .errorHandling(e -> e.includeEntity(true)) // the direct handler below sees Helidon's message
                .directHandlers(directHandlers())
                .routing(r -> routing(r, registry, config, telemetry))
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs the bind failure and returns a server that does not listen
            throw new IllegalStateException("cannot listen on port " + config.port() + " (is another program using it?);"
                    + " choose another with --port N");
        }
        return server;
    }

    /**
     * The public routing: every request goes to {@link PublicIngress}, which finds the app by host name.
     * Apart from {@link #start} so tests can exercise it without opening a socket.
     */
    public static void routing(io.helidon.webserver.http.HttpRouting.Builder routing, Registry registry, HostConfig config,
                               Telemetry telemetry) {
        routing.error(Throwable.class, (req, res, t) -> {
                    // Never Helidon's default (which would show the exception's message).
                    LOG.log(Level.WARNING, "public request failed", t);
                    if (!res.isSent()) PublicIngress.write(res, WebResponse.text(500, "Internal Server Error"));
                })
                .any(new PublicIngress(registry, config.domain(), config.maxBodyBytes(), config.edge(),
                        AccessLog.of(config.accessLog()), telemetry));
    }

    private static DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            int code = status.code();
            if (code == 400 && HEADER_SIZE_EXCEEDED.equals(message)) code = 431;
            WebResponse error = errorFor(code);
            headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            return DirectHandler.TransportResponse.builder()
                    .status(Status.create(code))
                    .headers(headers)
                    .keepAlive(false)
                    .entity(error.body() == null ? new byte[0] : error.body())
                    .build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) b.addHandler(type, handler);
        return b.build();
    }

    static WebResponse errorFor(int status) {
        return switch (status) {
            case 400 -> WebResponse.error(400, "bad_request", "the request is malformed");
            case 408 -> WebResponse.error(408, "request_timeout", "the request took too long to arrive");
            case 413 -> WebResponse.error(413, "payload_too_large", "the request body is too large");
            case 414 -> WebResponse.error(414, "uri_too_long", "the request line is too long");
            case 431 -> WebResponse.error(431, "header_fields_too_large", "the request headers are too large or too many");
            case 501 -> WebResponse.error(501, "not_implemented", "the request uses a transfer coding the server does not support");
            case 505 -> WebResponse.error(505, "http_version_not_supported", "only HTTP/1.1 is supported");
            default -> WebResponse.error(status, "error", "the request could not be handled");
        };
    }
}
