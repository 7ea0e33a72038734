package io.w7s.host.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over plain HTTP: its files, the token cookie, and its live stream, which a shutdown ends at once. */
class DashboardHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ECHO = Path.of("src/test/rpc/alpha/echo").toAbsolutePath();
    static final String TOKEN = "0123456789abcdef-secret";

    @TempDir
    Path tmp;

    private static TestHost host(Path tokenFile) {
        return TestHost.start(HostConfig.of(List.of(new AppSource(ECHO, "production", "alpha/echo")))
                .withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, tokenFile)));
    }

    private static HttpRequest.Builder admin(TestHost host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.host().adminPort() + path));
    }

    /** Reads events until the first {@code data:} line; returns its JSON. */
    private static JsonNode firstEvent(BufferedReader events) throws Exception {
        for (String line; (line = events.readLine()) != null; ) {
            if (line.startsWith("data: ")) return JSON.readTree(line.substring(6));
        }
        throw new AssertionError("the stream ended before its first event");
    }

    @Test
    void thePageAndItsFilesComeFromTheHostUnderAPolicyThatAllowsNothingElse() throws Exception {
        try (TestHost host = host(null)) {
            HttpResponse<String> page = host.send(admin(host, "/").GET().build());
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
            assertEquals(Dashboard.SECURITY_POLICY, page.headers().firstValue("content-security-policy").orElseThrow());
            assertTrue(page.body().contains("/dashboard/dashboard.js"));
            assertTrue(namesNoOtherOrigin(page.body()), "index.html");
            for (String file : List.of("dashboard.js", "dashboard.css", "favicon.svg")) {
                HttpResponse<String> r = host.send(admin(host, "/dashboard/" + file).GET().build());
                assertEquals(200, r.statusCode(), file);
                assertTrue(namesNoOtherOrigin(r.body()), file);
            }
            assertEquals(404, host.send(admin(host, "/dashboard/../pom.xml").GET().build()).statusCode());
            assertEquals(404, host.send(admin(host, "/dashboard/secret.txt").GET().build()).statusCode());
        }
    }

    /** No URL but the SVG namespace (a name, never fetched). */
    private static boolean namesNoOtherOrigin(String text) {
        String rest = text.replace("http://www.w3.org/2000/svg", "");
        return !rest.contains("http://") && !rest.contains("https://") && !rest.contains("//cdn");
    }

    @Test
    void withATokenTheBrowserSignsInOnceAndTheCookieOpensOnlyTheDashboard() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        try (TestHost host = host(tokenFile)) {
            HttpResponse<String> denied = host.send(admin(host, "/").GET().build());
            assertEquals(401, denied.statusCode());
            assertTrue(denied.body().contains("/?token="), denied.body());
            assertEquals(401, host.send(admin(host, "/?token=wrong-token-0123456789").GET().build()).statusCode());
            assertEquals(401, host.send(admin(host, Dashboard.LIVE).GET().build()).statusCode());

            HttpResponse<String> signIn = host.send(admin(host, "/?token=" + TOKEN).GET().build());
            assertEquals(303, signIn.statusCode());
            assertEquals("/", signIn.headers().firstValue("location").orElseThrow(), "the token leaves the address bar");
            String cookie = signIn.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.startsWith(AdminAccess.COOKIE + "=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertTrue(!cookie.contains(TOKEN), "the browser keeps a value derived from the token, not the token: " + cookie);
            String sent = cookie.substring(0, cookie.indexOf(';'));
            assertEquals(401, host.send(admin(host, "/").header("cookie", AdminAccess.COOKIE + "=" + TOKEN).GET().build()).statusCode(),
                    "the token itself is no cookie");

            assertEquals(200, host.send(admin(host, "/").header("cookie", sent).GET().build()).statusCode());
            assertEquals(200, host.send(admin(host, "/dashboard/dashboard.js").header("cookie", sent).GET().build()).statusCode());
            HttpResponse<InputStream> live = host.client().send(admin(host, Dashboard.LIVE).header("cookie", sent).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, live.statusCode());
            try (BufferedReader events = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
                assertEquals("alpha/echo@production", firstEvent(events).get("deployments").get(0).get("label").asText());
            }

            // Not the admin API: neither as a cookie nor as a bearer token.
            assertEquals(401, host.send(admin(host, "/api/v1/deployments").header("cookie", sent).GET().build()).statusCode());
            assertEquals(401, host.send(admin(host, "/api/v1/deployments")
                    .header("authorization", "Bearer " + sent.substring(sent.indexOf('=') + 1)).GET().build()).statusCode());
            assertEquals(401, host.send(admin(host, "/api/v1/deployments/alpha/echo").header("cookie", sent).DELETE().build()).statusCode());
            assertEquals(401, host.send(admin(host, "/metrics").header("cookie", sent).GET().build()).statusCode());
            assertEquals(200, host.send(admin(host, "/").header("authorization", "Bearer " + TOKEN).GET().build()).statusCode());
            assertEquals(200, host.send(admin(host, "/healthz").GET().build()).statusCode(), "probes need no token");
        }
    }

    @Test
    void closingTheHostEndsAnOpenLiveStreamAtOnce() throws Exception {
        TestHost host = host(null);
        boolean closed = false;
        try {
            HttpResponse<InputStream> live = host.client().send(admin(host, Dashboard.LIVE).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", live.headers().firstValue("content-type").orElseThrow());
            try (BufferedReader events = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
                JsonNode first = firstEvent(events);
                assertTrue(first.get("full").asBoolean());
                assertEquals(0, first.get("deployments").get(0).get("requests").asInt());
                assertEquals(200, host.get("echo.alpha.localhost", "/who").statusCode());
                JsonNode next = firstEvent(events);
                assertTrue(!next.get("full").asBoolean());

                CompletableFuture<Void> close = CompletableFuture.runAsync(host::close);
                closed = true;
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                    try {
                        while (events.readLine() != null) {
                            // what was sent before the end
                        }
                    } catch (java.io.IOException e) {
                        // a reset connection ends the stream too
                    }
                });
                close.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                drained.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            if (!closed) host.close();
        }
    }
}
