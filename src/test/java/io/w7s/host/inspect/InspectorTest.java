package io.w7s.host.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.module.SourceMap;
import io.w7s.host.support.CdpClient;
import io.w7s.host.support.CliProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code w7s dev --inspect}, driven as Chrome DevTools drives it: a real host process (on the GraalVM
 * debugging line, as {@code ./w7s} starts it) with two TypeScript apps, a CDP client on the RPC target's inspector target, a breakpoint set on a line of its .ts file
 * (through the inline source map, as DevTools maps it), and a public request to the caller that
 * reaches the breakpoint over RPC and gets its answer once the debugger resumes.
 */
class InspectorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path APPS = Path.of("src/test/inspect").toAbsolutePath();
    static final Path GREETER_TS = APPS.resolve("debug/greeter/src/index.ts");

    @Test
    void aBreakpointOnATypeScriptLineOfAnRpcTargetPausesTheCallAndResumes() throws Exception {
        int port = freePort();
        HttpClient http = HttpClient.newHttpClient();
        try (CliProcess dev = CliProcess.startOnInspectorLine("dev", APPS.toString(), "--port", "0", "--no-admin",
                "--no-compile-cache", "--inspect=" + port)) {
            // One line per deployment names its devtools URL, and the greeter runs one isolate although w7s.json asks for 4.
            dev.awaitAny(l -> l.contains("INFO  inspect debug/caller@production: devtools://devtools/bundled/js_app.html?ws=127.0.0.1:"
                    + port + "/debug/caller/production-"));
            dev.awaitAny(l -> l.endsWith("INFO  debug/greeter@production: 1 isolate instead of 4 while inspecting"));
            int publicPort = dev.awaitListening();

            // /json/list, what chrome://inspect reads, lists every deployment on the one port.
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> sockets = new ArrayList<>();
            targets.forEach(t -> sockets.add(t.get("webSocketDebuggerUrl").asText()));
            assertEquals(2, sockets.size(), sockets.toString());
            String greeterSocket = sockets.stream().filter(s -> s.contains("/debug/greeter/production-")).findFirst().orElseThrow();
            assertTrue(sockets.stream().anyMatch(s -> s.contains("/debug/caller/production-")), sockets.toString());
            assertTrue(greeterSocket.matches("ws://127\\.0\\.0\\.1:" + port + "/debug/greeter/production-[0-9a-f]{20}"), greeterSocket);

            try (CdpClient cdp = CdpClient.connect(http, greeterSocket)) {
                // What DevTools sends on connecting; until runIfWaitingForDebugger, a breakpoint that is hit would not report a pause.
                cdp.send("Runtime.enable", Map.of());
                cdp.send("Debugger.enable", Map.of());
                cdp.send("Runtime.runIfWaitingForDebugger", Map.of());
                // GraalJS loads the module at its path in the app, not the host's.
                JsonNode script = cdp.awaitEvent("Debugger.scriptParsed", p -> p.get("url").asText().endsWith("/src/index.ts"));
                assertFalse(script.get("url").asText().contains(APPS.toString()), script.get("url").asText());

                // The module carries its source map inline, with the original TypeScript in it.
                String sourceMapUrl = script.path("sourceMapURL").asText();
                String prefix = "data:application/json;charset=utf-8;base64,";
                assertTrue(sourceMapUrl.startsWith(prefix), "sourceMapURL: " + sourceMapUrl);
                JsonNode map = JSON.readTree(Base64.getDecoder().decode(sourceMapUrl.substring(prefix.length())));
                assertEquals("index.ts", map.get("sources").get(0).asText());
                assertEquals(GREETER_TS.toRealPath().getParent().toUri().toString(), map.get("sourceRoot").asText(), "where the file really is");
                String typeScript = Files.readString(GREETER_TS);
                assertEquals(typeScript, map.get("sourcesContent").get(0).asText());

                // As DevTools does: the .ts line the user clicks, mapped to the generated line, set by the script's URL.
                int tsLine = lineOf(typeScript, "// breakpoint");
                int generatedLine = generatedLine(SourceMap.parse(map.toString()), tsLine);
                assertTrue(generatedLine != tsLine, "the types before the line are stripped, so the lines differ");
                cdp.send("Debugger.setBreakpointByUrl", Map.of("url", script.get("url").asText(), "lineNumber", generatedLine - 1));

                CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + publicPort + "/?name=inspector")).header("Host", "caller.debug.localhost").build(),
                        HttpResponse.BodyHandlers.ofString());

                JsonNode paused = cdp.awaitEvent("Debugger.paused", p -> true);
                JsonNode frame = paused.get("callFrames").get(0);
                assertEquals(script.get("scriptId").asText(), frame.get("location").get("scriptId").asText());
                assertEquals(generatedLine - 1, frame.get("location").get("lineNumber").asInt());
                JsonNode message = cdp.send("Debugger.evaluateOnCallFrame",
                        Map.of("callFrameId", frame.get("callFrameId").asText(), "expression", "message"));
                assertEquals("hello inspector", message.get("result").get("value").asText());
                assertFalse(answer.isDone(), "the target is paused: the caller cannot have its answer yet");

                cdp.send("Debugger.resume", Map.of());
                HttpResponse<String> response = answer.get(CliProcess.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = JSON.readTree(response.body());
                assertEquals(200, body.get("status").asInt());
                assertEquals("hello inspector", body.get("greeting").get("message").asText());
                assertEquals("debug/greeter", body.get("greeting").get("from").asText());
            }
        }
    }

    /** A port free now, for the inspector (which cannot be asked for port 0: every deployment must share one). */
    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** 1-based line of the first line containing {@code marker}. */
    static int lineOf(String text, String marker) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(marker)) return i + 1;
        throw new AssertionError(marker + " not found");
    }

    /** The first generated line (1-based) that maps to original line {@code originalLine}. */
    static int generatedLine(SourceMap map, int originalLine) {
        for (int line = 1; line < 10_000; line++) {
            io.w7s.host.module.Position at = map.original(line);
            if (at != null && at.line() == originalLine) return line;
        }
        throw new AssertionError("no generated line maps to line " + originalLine);
    }
}
