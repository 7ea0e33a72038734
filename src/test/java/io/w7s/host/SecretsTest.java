package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.deploy.HostSecrets;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from .dev.vars and the host environment reach env by precedence, and never the host log. */
class SecretsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Returns the string bindings of env (W7S_RPC is an object, left out). */
    static final String SHOW_ENV = """
            export default {
              fetch(request, env) {
                const url = new URL(request.url);
                if (url.pathname === "/log") console.log("the key is " + env.API_KEY);
                if (url.pathname === "/throw") throw new Error("cannot use " + env.API_KEY);
                const strings = {};
                for (const [k, v] of Object.entries(env)) if (typeof v === "string") strings[k] = v;
                return Response.json(strings);
              },
            };
            """;

    static Path app(Path dir, String w7sJson, String devVars) throws Exception {
        Files.writeString(dir.resolve("index.js"), SHOW_ENV);
        Files.writeString(dir.resolve("w7s.json"), w7sJson);
        if (devVars != null) Files.writeString(dir.resolve(".dev.vars"), devVars);
        return dir;
    }

    static TestHost serve(Path app, Map<String, String> environment) {
        return TestHost.start(HostConfig.of(List.of(new AppSource(app, "production", "acme/api")))
                .withSecrets(HostSecrets.of(environment)));
    }

    @Test
    void platformThenHostEnvironmentThenDevVarsThenW7sJsonVars(@TempDir Path dir) throws Exception {
        app(dir, """
                { "vars": { "ONLY_VAR": "var", "IN_DEV_VARS": "var", "EVERYWHERE": "var" } }
                """, """
                IN_DEV_VARS=dev-vars
                EVERYWHERE=dev-vars
                ONLY_DEV_VARS=dev-vars
                """);
        try (CapturedLog log = CapturedLog.attach("io.w7s.host");
             TestHost host = serve(dir, Map.of(
                     "W7S_SECRET_ACME_API_EVERYWHERE", "host-env",
                     "W7S_SECRET_ACME_API_ONLY_HOST", "host-env",
                     "W7S_SECRET_ACME_OTHER_NOT_MINE", "other-app",
                     "HOME", "/home/someone"))) {
            assertEquals(List.of(), host.host().deployErrors());
            JsonNode env = JSON.readTree(host.get("api.acme.localhost", "/").body());
            assertEquals("var", env.get("ONLY_VAR").asText());
            assertEquals("dev-vars", env.get("IN_DEV_VARS").asText());
            assertEquals("dev-vars", env.get("ONLY_DEV_VARS").asText());
            assertEquals("host-env", env.get("EVERYWHERE").asText());
            assertEquals("host-env", env.get("ONLY_HOST").asText());
            assertEquals("acme/api", env.get("W7S_REPOSITORY").asText());
            // only declared names: nothing of the rest of the host environment, nor of another app's secrets
            assertFalse(env.has("NOT_MINE") || env.has("HOME") || env.has("W7S_SECRET_ACME_OTHER_NOT_MINE"), env.toString());
            assertEquals(List.of("EVERYWHERE", "IN_DEV_VARS", "ONLY_DEV_VARS", "ONLY_HOST", "ONLY_VAR", "W7S_ENVIRONMENT", "W7S_OWNER",
                    "W7S_REPO", "W7S_REPOSITORY", "W7S_RPC_TOKEN"), sortedNames(env));

            // who won is logged (INFO), with names and sources, never values
            String devWins = log.await(l -> l.contains("env.IN_DEV_VARS:"));
            assertTrue(devWins.startsWith("INFO ") && devWins.contains(".dev.vars:1 wins over w7s.json vars.IN_DEV_VARS"), devWins);
            String hostWins = log.await(l -> l.contains("env.EVERYWHERE:") && l.contains("W7S_SECRET_ACME_API_EVERYWHERE"));
            assertTrue(hostWins.contains("wins over the secret from ") && hostWins.contains(".dev.vars:2"), hostWins);
            assertNoValues(log, "dev-vars", "host-env", "other-app");
        }
    }

    @Test
    void secretsCannotShadowPlatformNames(@TempDir Path dir) throws Exception {
        app(dir, "{}", null);
        try (TestHost host = serve(dir, Map.of("W7S_SECRET_ACME_API_W7S_REPOSITORY", "evil/repo"))) {
            String error = host.host().deployErrors().getFirst();
            assertTrue(error.contains("W7S_SECRET_ACME_API_W7S_REPOSITORY: names starting with W7S_ are reserved"), error);
            assertFalse(error.contains("evil/repo"), error);
        }
    }

    @Test
    void secretValuesNeverReachTheLogWhenTheAppLogsOrThrowsThem(@TempDir Path dir) throws Exception {
        app(dir, "{}", "API_KEY=\"sk-live-0123456789\"\n");
        try (CapturedLog log = CapturedLog.attach("io.w7s.host", "w7s.app");
             TestHost host = serve(dir, Map.of())) {
            assertEquals(200, host.get("api.acme.localhost", "/log").statusCode());
            assertEquals(500, host.get("api.acme.localhost", "/throw").statusCode());
            log.await(l -> l.contains("the key is [secret API_KEY]"));
            log.await(l -> l.contains("cannot use [secret API_KEY]"));
            assertNoValues(log, "sk-live-0123456789");
        }
    }

    @Test
    void secretValuesNeverReachTheLogWhenTheDeployFails(@TempDir Path dir) throws Exception {
        app(dir, "{}", "API_KEY=sk-live-0123456789\nthe-other-line-is-secret sk-live-abcdef\n");
        try (CapturedLog log = CapturedLog.attach("io.w7s.host", "w7s.app");
             TestHost host = serve(dir, Map.of("W7S_SECRET_ACME_API_TOKEN", "sk-live-host-value"))) {
            String error = host.host().deployErrors().getFirst();
            assertTrue(error.contains(dir.resolve(".dev.vars") + ":2: expected NAME=value"), error);
            log.await(l -> l.contains("deploy failed"));
            assertNoValues(log, "sk-live");
        }
        Files.writeString(dir.resolve(".dev.vars"), "API_KEY=sk-live-0123456789\n");
        Files.writeString(dir.resolve("index.js"), "export default { fetch( }"); // a syntax error
        try (CapturedLog log = CapturedLog.attach("io.w7s.host", "w7s.app");
             TestHost host = serve(dir, Map.of("W7S_SECRET_ACME_API_TOKEN", "sk-live-host-value"))) {
            assertEquals(1, host.host().deployErrors().size());
            log.await(l -> l.contains("deploy failed"));
            assertNoValues(log, "sk-live");
        }
    }

    @Test
    void theHostConfigurationShowsNoSecret() {
        String config = HostConfig.of(List.of()).withSecrets(HostSecrets.of(Map.of("W7S_SECRET_ACME_API_TOKEN", "sk-live-value"))).toString();
        assertFalse(config.contains("sk-live-value"), config);
    }

    static List<String> sortedNames(JsonNode env) {
        List<String> names = new java.util.ArrayList<>();
        env.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    static void assertNoValues(CapturedLog log, String... values) {
        for (var record : log.records()) {
            String text = record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown());
            for (String value : values) assertFalse(text.contains(value), "a secret reached the log: " + text);
        }
    }
}
