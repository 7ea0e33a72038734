package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.w7s.host.isolate.JsEngine;
import io.w7s.host.isolate.RpcGateway;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stable per-repository handle that ingress and RPC both use. */
class ServiceTest {
    static final Path ECHO = Path.of("src/test/rpc/alpha/echo").toAbsolutePath();
    static JsEngine engine;
    static Registry registry;
    static Deployer deployer;

    @BeforeAll
    static void start() {
        engine = new JsEngine();
        registry = new Registry();
        deployer = new Deployer(engine, new TypeScriptCompiler(), registry, RpcGateway.NONE);
    }

    @AfterAll
    static void stop() {
        deployer.shutdown(Duration.ZERO);
        engine.close();
    }

    static WebRequest get(String path) {
        return new WebRequest("GET", "https://w7s.internal" + path, Headers.builder().build(), null, null);
    }

    @Test
    void aRedeploySwapsTheDeploymentBehindTheSameService() throws Exception {
        Deployment first = deployer.deploy(ECHO, "production", null);
        Service service = registry.service("production", "alpha", "ECHO");
        assertSame(first, service.current());
        Deployment second = deployer.deploy(ECHO, "production", null);
        assertSame(service, registry.service("production", "alpha", "echo"), "the handle is stable across redeploys");
        assertSame(second, service.current());
        assertEquals(200, service.handle(get("/status/200"), 0).join().status());
    }

    @Test
    void aRequestThatReachedAClosedDeploymentIsRetriedOnItsReplacement() throws Exception {
        Deployment old = deployer.deploy(ECHO, "staging", null);
        Deployment replacement = deployer.deploy(ECHO, "staging", null);
        old.retire(Duration.ZERO).join();
        Service service = new Service("staging", old);
        // The redeploy lands exactly while the request is on its way to the old deployment.
        WebResponse response = service.handle(get("/status/201"), 0, d -> {
            if (d == old) service.replace(replacement);
            return null;
        }).join();
        assertEquals(201, response.status());
    }
}
