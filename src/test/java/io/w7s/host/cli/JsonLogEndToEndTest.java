package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.HostSecrets;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.CliProcess;
import io.w7s.host.support.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON log of a real host: what an app logs while it serves a request, and what the app it calls over
 * RPC logs for that call, carry the same request id and each its deployment; the access lines of the
 * request and of the call carry it too; a secret and the RPC token never appear; and {@code w7s serve
 * --log-format json} prints nothing that is not one JSON object per line.
 */
class JsonLogEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "sk-live-0123456789";

    /** acme/front logs (two lines, with its secret and token), calls acme/back over RPC, logs again; answers with its token. */
    static final String FRONT = """
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                console.log("front got " + url.pathname + "\\nkey " + env.API_KEY + ", token " + env.W7S_RPC_TOKEN);
                const r = await env.W7S_RPC.fetch("https://w7s.internal/api/v1/rpc/acme/back/work?token=" + env.W7S_RPC_TOKEN,
                  { headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` } });
                console.warn("front done " + r.status);
                return new Response((await r.text()) + "|" + env.W7S_RPC_TOKEN);
              },
            };
            """;
    static final String BACK = """
            export default {
              fetch(request) {
                console.error("back works on " + new URL(request.url).pathname);
                return new Response("done");
              },
            };
            """;

    /** {@code root/acme/front} (with a .dev.vars secret) and {@code root/acme/back}. */
    static Path apps(Path root) throws Exception {
        Path front = Files.createDirectories(root.resolve("acme/front"));
        Files.writeString(front.resolve("index.js"), FRONT);
        Files.writeString(front.resolve("w7s.json"), "{}");
        Files.writeString(front.resolve(".dev.vars"), "API_KEY=\"" + SECRET + "\"\n");
        Path back = Files.createDirectories(root.resolve("acme/back"));
        Files.writeString(back.resolve("index.js"), BACK);
        Files.writeString(back.resolve("w7s.json"), "{}");
        return root;
    }

    /** A record as {@code --log-format json} prints it, parsed; fails unless it is one line and one object. */
    static JsonNode json(LogRecord r) {
        try {
            return JsonLogTest.line(r);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode find(List<JsonNode> lines, Predicate<JsonNode> match) {
        return lines.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError("no such line in " + lines));
    }

    static boolean says(JsonNode n, String logger, String messageStart) {
        return n.path("logger").asText().equals(logger) && n.path("message").asText().startsWith(messageStart);
    }

    @Test
    void withTracingOnEveryLineOfARequestCarriesItsTraceAndTheSpanItRanIn(@TempDir Path dir) throws Exception {
        Path root = apps(dir);
        try (io.w7s.host.support.OtlpReceiver receiver = new io.w7s.host.support.OtlpReceiver();
             CapturedLog log = CapturedLog.attach("w7s.app", "w7s.access");
             TestHost host = TestHost.start(HostConfig.of(List.of(new AppSource(root, "production", null)))
                     .withSecrets(HostSecrets.of(Map.of())).withAccessLog(true)
                     .withTelemetry(io.w7s.host.observe.TelemetryConfig.METRICS.withOtel(Map.of(
                             "otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.exporter.otlp.protocol", "http/protobuf",
                             "otel.bsp.schedule.delay", "50"))))) {
            assertEquals(200, host.get("front.acme.localhost", "/traced").statusCode());
            log.await(l -> l.contains("→ acme/front GET /traced 200"));
            List<JsonNode> lines = new ArrayList<>();
            for (LogRecord r : log.records()) lines.add(json(r));
            JsonNode front = find(lines, n -> says(n, "w7s.app", "front got /traced"));
            JsonNode back = find(lines, n -> says(n, "w7s.app", "back works on /work"));
            JsonNode access = find(lines, n -> n.path("kind").asText().equals("request") && n.path("path").asText().equals("/traced"));
            String traceId = front.get("traceId").asText();
            assertTrue(traceId.matches("[0-9a-f]{32}"), front.toString());
            assertEquals(traceId, back.get("traceId").asText(), "the RPC target's line is in the caller's trace");
            assertEquals(traceId, access.get("traceId").asText());
            assertNotEquals(front.get("spanId").asText(), back.get("spanId").asText(), "each in the span of its own deployment");
            // The spans the lines name are the ones exported.
            List<io.w7s.host.support.OtlpReceiver.Received> spans = receiver.await(3, s -> s.traceId().equals(traceId));
            assertTrue(spans.stream().anyMatch(s -> s.spanId().equals(front.get("spanId").asText())), spans.toString());
            assertTrue(spans.stream().anyMatch(s -> s.spanId().equals(back.get("spanId").asText())), spans.toString());
        }
    }

    @Test
    void appLinesOfARequestAndOfItsRpcCallCarryItsRequestIdAndTheirDeployment(@TempDir Path dir) throws Exception {
        Path root = apps(dir);
        try (CapturedLog log = CapturedLog.attach("w7s.app", "w7s.access", "io.w7s.host");
             TestHost host = TestHost.start(HostConfig.of(List.of(new AppSource(root, "production", null)))
                     .withSecrets(HostSecrets.of(Map.of())).withAccessLog(true))) {
            assertEquals(List.of(), host.host().deployErrors());
            HttpResponse<String> first = host.get("front.acme.localhost", "/go?x=1");
            assertEquals(200, first.statusCode());
            String token = first.body().substring("done|".length());
            assertTrue(token.length() >= 16, first.body());
            assertEquals(200, host.get("front.acme.localhost", "/again").statusCode());
            log.await(l -> l.contains("→ acme/front GET /again 200"));

            List<JsonNode> lines = new ArrayList<>();
            for (LogRecord r : log.records()) {
                lines.add(json(r));
                String printed = new JsonLogFormat().format(r) + new LogFormat().format(r);
                assertFalse(printed.contains(SECRET) || printed.contains(token), "a secret or token in the log: " + printed);
            }

            JsonNode got = find(lines, n -> says(n, "w7s.app", "front got /go"));
            String requestId = got.get("requestId").asText();
            assertTrue(requestId.matches("[0-9a-f]{16}"), got.toString());
            assertEquals("acme/front@production", got.get("deployment").asText());
            assertEquals("INFO", got.get("level").asText());
            assertEquals("front got /go\nkey [secret API_KEY], token [secret W7S_RPC_TOKEN]", got.get("message").asText(),
                    "the app's text, both lines in one record, without the [acme/front@production] prefix, secrets hidden");

            JsonNode back = find(lines, n -> says(n, "w7s.app", "back works on /work"));
            assertEquals("acme/back@production", back.get("deployment").asText());
            assertEquals(requestId, back.get("requestId").asText(), "the RPC target's line carries the caller's request id");
            assertEquals("ERROR", back.get("level").asText());

            JsonNode done = find(lines, n -> says(n, "w7s.app", "front done 200"));
            assertEquals(requestId, done.get("requestId").asText(), "after the call returned, still the same request");
            assertEquals("WARN", done.get("level").asText());

            JsonNode rpc = find(lines, n -> n.path("kind").asText().equals("rpc"));
            assertEquals(List.of("acme/front", "acme/back", "GET", "/work", "200", requestId),
                    List.of(rpc.get("caller").asText(), rpc.get("target").asText(), rpc.get("method").asText(), rpc.get("path").asText(),
                            rpc.get("status").asText(), rpc.get("requestId").asText()), rpc.toString());
            JsonNode request = find(lines, n -> n.path("kind").asText().equals("request") && n.path("path").asText().equals("/go"));
            assertEquals(List.of("acme/front", "GET", "200", requestId), List.of(request.get("target").asText(),
                    request.get("method").asText(), request.get("status").asText(), request.get("requestId").asText()), request.toString());
            assertTrue(request.get("ms").isNumber(), request.toString());

            JsonNode again = find(lines, n -> says(n, "w7s.app", "front got /again"));
            assertNotEquals(requestId, again.get("requestId").asText(), "each public request has its own id");
            assertEquals(again.get("requestId").asText(), find(lines, n -> n.path("kind").asText().equals("request")
                    && n.path("path").asText().equals("/again")).get("requestId").asText());
        }
    }

    @Test
    void serveWithJsonLogsPrintsOnlyJsonLines(@TempDir Path dir) throws Exception {
        Path root = apps(dir);
        List<JsonNode> lines = new ArrayList<>();
        // Every line w7s prints must parse; parsing them is how the test reads them.
        Predicate<String> parsed = line -> {
            try {
                JsonNode n = JSON.readTree(line);
                assertTrue(n != null && n.isObject(), "not a JSON object: " + line);
                assertFalse(line.contains(SECRET), line);
                lines.add(n);
                return true;
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        };
        try (CliProcess serve = CliProcess.start(List.of(), "serve", root.toString(), "--log-format", "json", "--access-log",
                "--port", "0", "--no-admin", "--no-compile-cache")) {
            String listening = serve.awaitLine(parsed.and(l -> lines.getLast().path("message").asText().startsWith("W7S host listening on port ")));
            String message = JSON.readTree(listening).get("message").asText();
            assertTrue(message.contains("\n  acme/front@production"), message);
            int port = Integer.parseInt(message.substring("W7S host listening on port ".length(), message.indexOf('\n')).trim());

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/go"))
                    .header("Host", "front.acme.localhost").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String token = r.body().substring("done|".length());
            serve.awaitLine(parsed.and(l -> lines.getLast().path("kind").asText().equals("request")));
            JsonNode access = lines.getLast();
            String requestId = access.get("requestId").asText();
            JsonNode app = find(lines, n -> says(n, "w7s.app", "front got /go"));
            assertEquals(requestId, app.get("requestId").asText(), app.toString());
            assertEquals("acme/front@production", app.get("deployment").asText());
            JsonNode rpc = find(lines, n -> n.path("kind").asText().equals("rpc"));
            assertEquals(requestId, rpc.get("requestId").asText(), rpc.toString());
            for (JsonNode n : lines) {
                assertTrue(n.get("ts").isTextual() && n.get("level").isTextual() && n.has("message"), n.toString());
                assertFalse(n.toString().contains(token), "the RPC token in the log: " + n);
            }
        }
    }
}
