package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bindings/w7s-rpc.ts works as shipped: copied into an app, it calls a target and forwards the cookie. */
class BindingsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exampleCopyMatchesTheShippedHelper() throws Exception {
        assertEquals(Files.readString(Path.of("bindings/w7s-rpc.ts")).lines().filter(l -> !l.startsWith("//")).toList(),
                Files.readString(Path.of("apps/guerrerocarlos/dashboard/src/w7s-rpc.ts")).lines().toList());
    }

    @Test
    void callW7sHelperSendsTheTokenAndForwardsInit(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("src"));
        Files.copy(Path.of("bindings/w7s-rpc.ts"), app.resolve("src/w7s-rpc.ts"));
        Files.copy(Path.of("bindings/w7s-env.d.ts"), app.resolve("src/w7s-env.d.ts"));
        Files.writeString(app.resolve("src/index.ts"), """
                /// <reference path="./w7s-env.d.ts" />
                import { callW7s } from "./w7s-rpc";
                export default {
                  async fetch(request: Request, env: Env) {
                    return callW7s(env, "alpha/echo", "/from-helper?x=1", {
                      method: "POST",
                      body: "hi",
                      headers: { cookie: request.headers.get("cookie") ?? "" },
                    });
                  },
                };
                """);
        try (TestHost host = TestHost.start(List.of(
                new AppSource(app, "production", "alpha/helper-user"),
                new AppSource(Path.of("src/test/rpc/alpha/echo").toAbsolutePath(), "production", null)))) {
            assertEquals(List.of(), host.host().deployErrors());
            var r = host.send(host.request("helper-user.alpha.localhost", "/").header("cookie", "sid=xyz").GET().build());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode echo = JSON.readTree(r.body());
            assertEquals("/from-helper?x=1", echo.get("path").asText());
            assertEquals("POST", echo.get("method").asText());
            assertEquals("hi", echo.get("body").asText());
            assertEquals("sid=xyz", echo.get("headers").get("cookie").asText());
            assertEquals("alpha/helper-user", echo.get("headers").get("x-w7s-rpc-caller-repository").asText());
            assertFalse(echo.get("headers").has("authorization"));
        }
    }
}
