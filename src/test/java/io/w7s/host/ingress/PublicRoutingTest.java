package io.w7s.host.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployer;
import io.w7s.host.deploy.Registry;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.isolate.RpcGateway;
import io.w7s.host.module.TypeScriptCompiler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The public routing ({@link Host#routing}) without a socket: host-name routing and header stripping. */
@RoutingTest
class PublicRoutingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    private final DirectClient client;

    PublicRoutingTest(DirectClient client) {
        this.client = client;
    }

    static JsEngine engine;
    static Deployer deployer;

    @SetUpRoute
    static void route(HttpRouting.Builder routing) throws Exception {
        Registry registry = new Registry();
        engine = new JsEngine();
        deployer = new Deployer(engine, new TypeScriptCompiler(), registry, RpcGateway.NONE);
        deployer.deploy(Path.of("src/test/apps/test/basics").toAbsolutePath(), "production", null);
        Host.routing(routing, registry, HostConfig.of(List.of(new AppSource(Path.of("."), "production", null))));
    }

    @AfterAll
    static void stop() {
        deployer.shutdown(java.time.Duration.ZERO);
        engine.close();
    }

    @Test
    void identityHeadersFromOutsideNeverReachTheApp() throws Exception {
        ClientResponseTyped<String> r = client.get("/echo")
                .header(HeaderNames.HOST, "basics.test.localhost")
                .header(HeaderNames.create("X-W7S-RPC-Caller-Owner"), "root")
                .header(HeaderNames.create("x_w7s_rpc"), "1")
                .header(HeaderNames.create("x-other"), "kept")
                .request(String.class);
        assertEquals(200, r.status().code(), r.entity());
        JsonNode headers = JSON.readTree(r.entity()).get("headers");
        assertEquals("kept", headers.path("x-other").asText());
        headers.fieldNames().forEachRemaining(n -> assertFalse(n.replace('_', '-').startsWith("x-w7s-rpc"), n));
    }

    @Test
    void anUnknownHostNameIsTheDocumented404() {
        ClientResponseTyped<String> r = client.get("/").header(HeaderNames.HOST, "nobody.test.localhost").request(String.class);
        assertEquals(404, r.status().code());
        assertTrue(r.entity().contains("\"not_found\""), r.entity());
    }
}
