package io.w7s.host.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.w7s.host.AppSource;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the Backend RPC contract, driven from the public side over real HTTP: a test
 * caller (src/test/rpc/alpha/caller) performs the call described in its request and reports the
 * response it got from env.W7S_RPC.fetch.
 */
class RpcContractTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();
    static final String RPC_BASE = "https://w7s.internal/api/v1/rpc/";
    static TestHost host;

    /**
     * src/test/rpc holds the alpha apps. The cross-owner targets and the branch-only target are the
     * same echo app with their own w7s.json, assembled here so that each allowlist reads next to its tests.
     */
    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        Path echo = RPC.resolve("alpha/echo/index.js");
        Path targets = temp.resolve("targets");
        echoApp(echo, targets.resolve("beta/echo"), "{ \"rpc\": { \"allow\": [\"alpha\"] } }");
        echoApp(echo, targets.resolve("gamma/echo"), "{ \"rpc\": { \"allow\": [\"ALPHA/Caller\"] } }");
        echoApp(echo, targets.resolve("delta/echo"), "{}");
        Path branch = temp.resolve("branch");
        echoApp(echo, branch.resolve("alpha/branch-only"), "{}");
        List<AppSource> apps = new ArrayList<>(List.of(
                new AppSource(RPC, "production", null),
                new AppSource(targets, "production", null),
                // The same caller code under other names: a second repo of the same owner and a lookalike owner.
                new AppSource(RPC.resolve("alpha/caller"), "production", "alpha/second"),
                new AppSource(RPC.resolve("alpha/caller"), "production", "alpha-evil/caller"),
                new AppSource(RPC.resolve("alpha/caller"), "feature-x", null),
                new AppSource(branch, "feature-x", null)));
        host = TestHost.start(apps);
        assertEquals(List.of(), host.host().deployErrors());
    }

    static void echoApp(Path echo, Path folder, String w7sJson) throws Exception {
        Files.createDirectories(folder);
        Files.copy(echo, folder.resolve("index.js"));
        Files.writeString(folder.resolve("w7s.json"), w7sJson);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** What a caller got back from env.W7S_RPC.fetch. */
    record Result(int status, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String errorCode() throws Exception {
            assertEquals(headers.get("x-w7s-rpc-error"), json().get("error").get("code").asText(),
                    "platform errors carry their code in the body and in x-w7s-rpc-error");
            assertEquals("application/json", headers.get("content-type"));
            return headers.get("x-w7s-rpc-error");
        }
    }

    static Result call(String callerHost, ObjectNode spec) throws Exception {
        HttpResponse<String> r = host.send(host.request(callerHost, "/call")
                .POST(HttpRequest.BodyPublishers.ofString(spec.toString())).build());
        assertEquals(200, r.statusCode(), "the caller itself failed: " + r.body());
        JsonNode j = JSON.readTree(r.body());
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (JsonNode h : j.get("headers")) headers.merge(h.get(0).asText(), h.get(1).asText(), (a, b) -> a + ", " + b);
        return new Result(j.get("status").asInt(), headers, j.get("body").asText());
    }

    static Result call(String url) throws Exception {
        return call("caller.alpha.localhost", spec(url));
    }

    static ObjectNode spec(String url) {
        return JSON.createObjectNode().put("url", url);
    }

    @Nested
    class Dispatch {
        @Test
        void targetReceivesThePathAfterTheRepoWithTheQuery() throws Exception {
            JsonNode echo = call(RPC_BASE + "alpha/echo/a/b?x=1&y=%20z").json();
            assertEquals("/a/b?x=1&y=%20z", echo.get("path").asText());
            assertEquals("https://w7s.internal/a/b?x=1&y=%20z", echo.get("url").asText());
            assertEquals("alpha/echo", echo.get("me").asText());
        }

        @Test
        void noPathMeansRoot() throws Exception {
            assertEquals("/", call(RPC_BASE + "alpha/echo").json().get("path").asText());
            assertEquals("/", call(RPC_BASE + "alpha/echo/").json().get("path").asText());
        }

        @Test
        void theHostPartOfTheUrlIsIgnored() throws Exception {
            assertEquals("/z", call("http://anything.example:9999/api/v1/rpc/alpha/echo/z").json().get("path").asText());
        }

        @Test
        void methodBodyAndHeadersAreForwarded() throws Exception {
            ObjectNode s = spec(RPC_BASE + "alpha/echo/items").put("method", "PUT").put("body", "{\"n\":1}");
            s.putObject("headers").put("content-type", "application/json").put("cookie", "sid=abc").put("X-Trace", "t1");
            JsonNode echo = call("caller.alpha.localhost", s).json();
            assertEquals("PUT", echo.get("method").asText());
            assertEquals("{\"n\":1}", echo.get("body").asText());
            assertEquals("application/json", echo.get("headers").get("content-type").asText());
            assertEquals("sid=abc", echo.get("headers").get("cookie").asText());
            assertEquals("t1", echo.get("headers").get("x-trace").asText());
        }

        @Test
        void inputMayBeAStringAUrlOrARequest() throws Exception {
            for (String input : List.of("string", "url", "request")) {
                ObjectNode s = spec(RPC_BASE + "alpha/echo/in").put("input", input).put("method", "POST").put("body", input);
                JsonNode echo = call("caller.alpha.localhost", s).json();
                assertEquals("/in", echo.get("path").asText(), input);
                assertEquals(input, echo.get("body").asText(), input);
            }
        }

        @Test
        void targetResponsesPassThroughUntouchedWhateverTheStatus() throws Exception {
            for (int status : List.of(201, 404, 500, 503)) {
                Result r = call(RPC_BASE + "alpha/echo/status/" + status);
                assertEquals(status, r.status());
                assertEquals("yes", r.headers().get("x-target"));
                assertEquals("target says " + status, r.body());
                assertFalse(r.headers().containsKey("x-w7s-rpc-error"), "a target's own error is not a platform error");
            }
        }

        @Test
        void manyCallsFromOneRequestRunConcurrently() throws Exception {
            JsonNode paths = JSON.readTree(host.get("caller.alpha.localhost", "/fan-out?n=25").body());
            assertEquals(25, paths.size());
            for (int i = 0; i < 25; i++) assertEquals("/item/" + i, paths.get(i).asText());
        }

        @Test
        void namesCompareCaseInsensitively() throws Exception {
            JsonNode echo = call(RPC_BASE + "ALPHA/Echo/x").json();
            assertEquals("/x", echo.get("path").asText());
        }

        @Test
        void urlsOutsideTheRpcPathAre404NotFound() throws Exception {
            for (String url : List.of("https://w7s.internal/api/v2/rpc/alpha/echo", "https://w7s.internal/api/v1/rpc/alpha",
                    "https://w7s.internal/", "https://w7s.internal/api/v1/rpc//echo")) {
                Result r = call(url);
                assertEquals(404, r.status(), url);
                assertEquals("not_found", r.errorCode(), url);
            }
        }
    }

    @Nested
    class Secrets {
        @Test
        void notFoundNeverEchoesATokenFromTheUrl() throws Exception {
            String token = host.get("caller.alpha.localhost", "/token").body();
            assertTrue(token.startsWith("w7s_"), token);
            for (String url : List.of("https://w7s.internal/bad?token=" + token, "https://w7s.internal/bad#" + token,
                    "https://w7s.internal/bad/" + token,
                    "https://w7s.internal/api/v1/rpc/alpha?token=" + token)) {
                Result r = call(url);
                assertEquals(404, r.status(), url);
                assertEquals("not_found", r.errorCode(), url);
                assertFalse(r.body().contains(token), "the error echoes the token: " + r.body());
                assertFalse(r.body().contains(token.substring(4, 20)), "the error echoes part of the token: " + r.body());
            }
            assertTrue(call("https://w7s.internal/bad?token=" + token).body().contains("/bad"),
                    "the path, without its query, still says what was wrong");
        }
    }

    @Nested
    class Identity {
        @Test
        void targetGetsThePlatformIdentityHeaders() throws Exception {
            JsonNode h = call(RPC_BASE + "alpha/echo/who").json().get("headers");
            assertEquals("1", h.get("x-w7s-rpc").asText());
            assertEquals("alpha", h.get("x-w7s-rpc-caller-owner").asText());
            assertEquals("caller", h.get("x-w7s-rpc-caller-repo").asText());
            assertEquals("alpha/caller", h.get("x-w7s-rpc-caller-repository").asText());
            assertEquals("production", h.get("x-w7s-rpc-caller-environment").asText());
        }

        @Test
        void identityHeadersTheCallerSetsAreReplaced() throws Exception {
            ObjectNode s = spec(RPC_BASE + "alpha/echo/who");
            s.putObject("headers")
                    .put("x-w7s-rpc-caller-owner", "root")
                    .put("X-W7S-RPC-Caller-Repository", "root/admin")
                    .put("x-w7s-rpc-caller-environment", "production-ish")
                    .put("X-W7s-Rpc-Extra", "sneaky")
                    .put("x-w7s-rpc", "0");
            JsonNode h = call("caller.alpha.localhost", s).json().get("headers");
            assertEquals("alpha", h.get("x-w7s-rpc-caller-owner").asText());
            assertEquals("alpha/caller", h.get("x-w7s-rpc-caller-repository").asText());
            assertEquals("production", h.get("x-w7s-rpc-caller-environment").asText());
            assertEquals("1", h.get("x-w7s-rpc").asText());
            assertFalse(h.has("x-w7s-rpc-extra"), "unknown x-w7s-rpc* headers from the caller are removed");
        }

        @Test
        void identityHeaderLookalikesFromTheCallerNeverReachTheTarget() throws Exception {
            ObjectNode s = spec(RPC_BASE + "alpha/echo/who");
            s.putObject("headers")
                    .put("x_w7s_rpc_caller_owner", "root")
                    .put("X_W7S_RPC", "0")
                    .put("x-w7s_rpc-caller-repo", "admin");
            JsonNode h = call("caller.alpha.localhost", s).json().get("headers");
            h.fieldNames().forEachRemaining(name -> assertFalse(
                    name.replace('_', '-').startsWith("x-w7s-rpc") && !name.startsWith("x-w7s-rpc"), "reached the target: " + name));
            assertEquals("alpha", h.get("x-w7s-rpc-caller-owner").asText());
        }

        @Test
        void theTokenNeverReachesTheTarget() throws Exception {
            String token = host.get("caller.alpha.localhost", "/token").body();
            assertTrue(token.length() >= 40, "token should carry at least 128 bits: " + token);
            String echoed = call(RPC_BASE + "alpha/echo/secret").body();
            assertFalse(echoed.contains(token), "the caller's token reached the target: " + echoed);
            assertFalse(JSON.readTree(echoed).get("headers").has("authorization"));
        }

        @Test
        void tokensDifferPerDeployment() {
            String a = host.get("caller.alpha.localhost", "/token").body();
            String b = host.get("second.alpha.localhost", "/token").body();
            String c = host.get("feature-x--caller.alpha.localhost", "/token").body();
            assertNotEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Nested
    class Tokens {
        @Test
        void missingTokenIs401() throws Exception {
            Result r = call("caller.alpha.localhost", spec(RPC_BASE + "alpha/echo").put("auth", "none"));
            assertEquals(401, r.status());
            assertEquals("missing_token", r.errorCode());
        }

        @Test
        void malformedOrUnknownTokensAre401() throws Exception {
            String token = host.get("caller.alpha.localhost", "/token").body();
            for (String auth : List.of("raw:Basic " + token, "raw:" + token, "raw:Bearer", "raw:Bearer w7s_notarealtoken",
                    "raw:Bearer " + token + "x", "raw:Token " + token)) {
                Result r = call("caller.alpha.localhost", spec(RPC_BASE + "alpha/echo").put("auth", auth));
                assertEquals(401, r.status(), auth);
                assertEquals("invalid_token", r.errorCode(), auth);
            }
        }

        @Test
        void bearerSchemeIsCaseInsensitive() throws Exception {
            String token = host.get("caller.alpha.localhost", "/token").body();
            Result r = call("caller.alpha.localhost", spec(RPC_BASE + "alpha/echo").put("auth", "raw:bearer " + token));
            assertEquals(200, r.status(), r.body());
        }

        @Test
        void theTokenAloneIdentifiesTheCaller() throws Exception {
            // alpha/caller sends alpha/second's token: the platform believes the token, not the sender.
            String second = host.get("second.alpha.localhost", "/token").body();
            JsonNode h = call("caller.alpha.localhost", spec(RPC_BASE + "alpha/echo").put("auth", "raw:Bearer " + second))
                    .json().get("headers");
            assertEquals("alpha/second", h.get("x-w7s-rpc-caller-repository").asText());
        }
    }

    @Nested
    class Authorization {
        @Test
        void sameOwnerNeedsNoConfiguration() throws Exception {
            assertEquals(200, call(RPC_BASE + "alpha/echo").status());
        }

        @Test
        void ownerEntryAllowsEveryRepoOfThatOwner() throws Exception {
            assertEquals(200, call(RPC_BASE + "beta/echo").status());
            assertEquals(200, call("second.alpha.localhost", spec(RPC_BASE + "beta/echo")).status());
        }

        @Test
        void exactRepoEntryAllowsOnlyThatRepoAndIgnoresCase() throws Exception {
            assertEquals(200, call(RPC_BASE + "gamma/echo").status(), "ALPHA/Caller in gamma's allowlist matches alpha/caller");
            Result other = call("second.alpha.localhost", spec(RPC_BASE + "gamma/echo"));
            assertEquals(403, other.status());
            assertEquals("not_allowed", other.errorCode());
        }

        @Test
        void lookalikeOwnersAreNotAllowed() throws Exception {
            for (String target : List.of("beta/echo", "gamma/echo", "alpha/echo")) {
                Result r = call("caller.alpha-evil.localhost", spec(RPC_BASE + target));
                assertEquals(403, r.status(), "alpha-evil must not pass as alpha for " + target);
                assertEquals("not_allowed", r.errorCode());
            }
        }

        @Test
        void theCallersOwnAllowlistGrantsNothing() throws Exception {
            // alpha/caller's w7s.json lists delta and delta/echo; delta/echo's own w7s.json allows nobody.
            Result r = call(RPC_BASE + "delta/echo");
            assertEquals(403, r.status());
            assertEquals("not_allowed", r.errorCode());
        }
    }

    @Nested
    class Environments {
        @Test
        void branchCallerReachesTheBranchTarget() throws Exception {
            Result r = call("feature-x--caller.alpha.localhost", spec(RPC_BASE + "alpha/branch-only/b"));
            assertEquals(200, r.status(), r.body());
            assertEquals("feature-x", r.json().get("headers").get("x-w7s-rpc-caller-environment").asText());
        }

        @Test
        void productionCallerDoesNotSeeBranchOnlyTargets() throws Exception {
            Result r = call(RPC_BASE + "alpha/branch-only/b");
            assertEquals(404, r.status());
            assertEquals("not_deployed", r.errorCode());
            String message = r.json().get("error").get("message").asText();
            assertTrue(message.contains("alpha/branch-only") && message.contains("production"), message);
        }

        @Test
        void branchCallerDoesNotFallBackToProduction() throws Exception {
            Result r = call("feature-x--caller.alpha.localhost", spec(RPC_BASE + "alpha/echo"));
            assertEquals(404, r.status());
            assertEquals("not_deployed", r.errorCode());
            assertTrue(r.json().get("error").get("message").asText().contains("feature-x"));
        }
    }

    @Nested
    class Failures {
        @Test
        void targetThatThrowsIs502() throws Exception {
            Result r = call(RPC_BASE + "alpha/thrower");
            assertEquals(502, r.status());
            assertEquals("target_failed", r.errorCode());
            assertFalse(r.body().contains("target blew up"), "the target's error details stay in its log");
        }

        @Test
        void targetReturningResponseErrorIs502() throws Exception {
            Result r = call(RPC_BASE + "alpha/echo/error");
            assertEquals(502, r.status());
            assertEquals("target_failed", r.errorCode());
        }

        @Test
        void cyclesWork() {
            HttpResponse<String> r = host.get("ping.alpha.localhost", "/");
            assertEquals(200, r.statusCode());
            assertEquals("ping+pong+leaf", r.body());
        }

        @Test
        void endlessRecursionStopsAtTheDepthLimit() throws Exception {
            HttpResponse<String> r = host.get("ping.alpha.localhost", "/forever");
            assertEquals(508, r.statusCode(), r.body());
            assertEquals("loop_detected", r.headers().firstValue("x-w7s-rpc-error").orElseThrow());
            assertTrue(r.body().contains("depth " + (RpcRouter.DEFAULT_MAX_DEPTH + 1)), r.body());
        }
    }

    @Nested
    class Bodies {
        @Test
        void binaryAndLargeBodiesCrossIntactBothWays() {
            for (int size : List.of(0, 1, 256, 11 * 1024 * 1024 + 7)) {
                HttpResponse<byte[]> r = host.sendBytes(host.request("caller.alpha.localhost", "/big?bytes=" + size).GET().build());
                assertEquals(200, r.statusCode());
                assertEquals(String.valueOf(size), r.headers().firstValue("x-target-received").orElseThrow(), "caller -> target");
                byte[] expected = new byte[size];
                for (int i = 0; i < size; i++) expected[i] = (byte) (i * 131 + (i >> 8) * 7);
                assertTrue(java.util.Arrays.equals(expected, r.body()), size + " bytes changed on the way caller -> target -> caller");
            }
        }

        @Test
        void emptyAndTextBodies() throws Exception {
            ObjectNode s = spec(RPC_BASE + "alpha/echo").put("method", "POST").put("body", "");
            assertEquals("", call("caller.alpha.localhost", s).json().get("body").asText());
            s = spec(RPC_BASE + "alpha/echo").put("method", "POST").put("body", "héllo ✓");
            assertEquals("héllo ✓", call("caller.alpha.localhost", s).json().get("body").asText());
        }
    }
}
