package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.w7s.host.module.ModuleGraph;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real npm packages end to end: the apps under src/test/npm-apps/npmtest depend on hono, or on ramda, rxjs,
 * zod, yup and React (exact versions, with their package-lock.json committed); node_modules is installed here with
 * `npm ci` when missing, then a real host serves the app.
 */
class NpmPackagesTest {
    static final Path APP = Path.of("src/test/npm-apps/npmtest/router").toAbsolutePath();
    static final String HOST = "router.npmtest.localhost";
    /** Hono's JSX in .tsx files, with the tsconfig.json of Hono's Workers template. */
    static final Path JSX_APP = Path.of("src/test/npm-apps/npmtest/jsx").toAbsolutePath();
    static final String JSX_HOST = "jsx.npmtest.localhost";
    /** Packages of hundreds of ES modules, which the host combines at deploy time. */
    static final Path LIBS_APP = Path.of("src/test/npm-apps/npmtest/libs").toAbsolutePath();
    static final String LIBS_HOST = "libs.npmtest.localhost";

    @BeforeAll
    static void installPackages() throws Exception {
        install(APP, "hono");
        install(JSX_APP, "hono");
        install(LIBS_APP, "react-dom");
    }

    private static void install(Path app, String dependency) throws Exception {
        if (Files.isDirectory(app.resolve("node_modules").resolve(dependency))) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(app.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            fail("npm is needed to install the test app's packages (npm ci in " + app + "): " + e.getMessage());
            return;
        }
        String output = new String(npm.getInputStream().readAllBytes());
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            fail("npm ci failed in " + app + ":\n" + output);
        }
    }

    @Test
    void honoJsxInTsxFilesRendersHtml() {
        // Also on this app: self is the global, and import("node:fs") deploys and rejects when it runs.
        try (TestHost host = TestHost.start(List.of(new AppSource(JSX_APP, "production", null)))) {
            HttpResponse<String> page = host.get(JSX_HOST, "/?name=W7S");
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertEquals("<html><head><title>W7S</title></head><body><h1>Hello W7S</h1>"
                    + "<ul><li>a&lt;b</li><li>c</li></ul>fragment</body></html>", page.body());

            HttpResponse<String> self = host.get(JSX_HOST, "/self");
            assertEquals("{\"selfIsGlobalThis\":true}", self.body());

            HttpResponse<String> nodeFs = host.get(JSX_HOST, "/node-fs");
            assertEquals(501, nodeFs.statusCode(), nodeFs.body());
            assertEquals("Cannot import 'node:fs': it is a Node.js built-in module, and Node.js built-ins are not available on W7S"
                    + " (use Web APIs: fetch, crypto.subtle, streams...)", nodeFs.body());
        }
    }

    @Test
    void largePackagesAreCombinedAndAnswerAsTheirModulesDo() throws Exception {
        ModuleGraph graph = ModuleGraph.load(LIBS_APP, LIBS_APP.resolve("src/index.js"), new TypeScriptCompiler());
        assertEquals(List.of("node_modules/ramda", "node_modules/rxjs", "node_modules/zod"), graph.combinedPackages());
        assertTrue(graph.files() > 600 && graph.modules().size() < 30, graph.files() + " files, " + graph.modules().size() + " modules");

        try (TestHost host = TestHost.start(List.of(new AppSource(LIBS_APP, "production", null)))) {
            HttpResponse<String> answer = host.get(LIBS_HOST, "/");
            assertEquals(200, answer.statusCode(), answer.body());
            // What the same code answers as separate modules, and in Node.js (node --conditions=workerd).
            assertEquals("{\"sum\":12,\"stream\":[20,30,40],\"valid\":true,\"issues\":[\"too_small\",\"invalid_type\"],"
                    + "\"required\":[\"n is a required field\"],\"html\":\"<ul><li>a</li><li>b</li></ul>\","
                    + "\"names\":[\"f1\",\"object\"]}", answer.body());
        }
    }

    @Test
    void honoRoutesPathParamsAndMiddlewareWork() {
        try (TestHost host = TestHost.start(List.of(new AppSource(APP, "production", null)))) {
            HttpResponse<String> home = host.send(host.request(HOST, "/").header("Origin", "https://example.com").GET().build());
            assertEquals(200, home.statusCode(), home.body());
            assertEquals("home", home.body());
            assertEquals("hono-on-w7s", home.headers().firstValue("x-powered-by").orElse(null));
            assertEquals("https://example.com", home.headers().firstValue("access-control-allow-origin").orElse(null));

            HttpResponse<String> user = host.get(HOST, "/users/42?q=hi");
            assertEquals(200, user.statusCode(), user.body());
            assertEquals("{\"id\":\"42\",\"q\":\"hi\"}", user.body());
            assertTrue(user.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            assertEquals("hono-on-w7s", user.headers().firstValue("x-powered-by").orElse(null));

            HttpResponse<String> echo = host.send(host.request(HOST, "/echo")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":[1,2]}")).build());
            assertEquals(200, echo.statusCode(), echo.body());
            assertEquals("{\"a\":[1,2]}", echo.body());

            HttpResponse<String> missing = host.get(HOST, "/nope");
            assertEquals(404, missing.statusCode());
            assertEquals("no route for /nope", missing.body());

            HttpResponse<String> preflight = host.send(host.request(HOST, "/users/1")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://example.com")
                    .header("Access-Control-Request-Method", "POST").build());
            assertEquals(204, preflight.statusCode(), preflight.body());
            assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
        }
    }
}
