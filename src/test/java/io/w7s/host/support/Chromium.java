package io.w7s.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package; {@code -Dw7s.chromium=PATH} names another), driven over
 * the DevTools protocol: each {@link #newPage} is a fresh tab with its own {@link CdpClient}. Without a browser a test
 * fails, saying how to install one: CI installs it (.ci/run).
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTENING = "DevTools listening on ws://";

    private final Process process;
    private final Path profile;
    private final int port;
    private final ArrayDeque<String> stderr;
    private final HttpClient http = HttpClient.newHttpClient();

    private Chromium(Process process, Path profile, int port, ArrayDeque<String> stderr) {
        this.process = process;
        this.profile = profile;
        this.port = port;
        this.stderr = stderr;
    }

    /** The browser executable: {@code -Dw7s.chromium}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Path executable() {
        String given = System.getProperty("w7s.chromium");
        if (given != null && !given.isBlank()) {
            if (!Files.isExecutable(Path.of(given))) throw new AssertionError("-Dw7s.chromium=" + given + ": no such executable");
            return Path.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        throw new AssertionError("no chromium on the PATH: the dashboard tests need a real headless browser; install Debian's"
                + " chromium package (apt-get install -y chromium; .ci/run does) or pass -Dw7s.chromium=/path/to/chromium");
    }

    /** Starts a headless browser with a fresh profile; returns once its DevTools endpoint listens. */
    public static Chromium start() throws Exception {
        Path exe = executable();
        Path profile = Files.createTempDirectory("w7s-chromium-");
        Process process = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ArrayDeque<String> stderr = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (stderr) {
                        if (stderr.size() == 200) stderr.removeFirst();
                        stderr.addLast(line);
                    }
                    int at = line.indexOf(LISTENING);
                    if (at >= 0) {
                        String rest = line.substring(at + LISTENING.length()); // 127.0.0.1:PORT/devtools/browser/ID
                        port.complete(Integer.parseInt(rest.substring(rest.indexOf(':') + 1, rest.indexOf('/'))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("chromium ended before its DevTools endpoint listened"));
        });
        try {
            return new Chromium(process, profile, port.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS), stderr);
        } catch (Exception e) {
            Chromium failed = new Chromium(process, profile, 0, stderr);
            String log = failed.stderrText();
            failed.close();
            throw new AssertionError(exe + " did not start (" + e + "); its stderr:\n" + log, e);
        }
    }

    /** A new tab, blank, and a DevTools client attached to it. */
    public CdpClient newPage() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("chromium /json/new: " + r.statusCode() + " " + r.body());
        JsonNode target = JSON.readTree(r.body());
        return CdpClient.connect(http, target.get("webSocketDebuggerUrl").asText());
    }

    /** What the browser printed lately on stderr (for failure messages). */
    public String stderrText() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /** Ends the browser and its helper processes, and deletes its profile once none of them writes there. */
    @Override
    public void close() {
        List<ProcessHandle> helpers = process.descendants().toList();
        end(process.toHandle());
        helpers.forEach(Chromium::end); // they follow the browser; any left is ended too
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a file gone meanwhile: the rest is deleted
        }
    }

    private static void end(ProcessHandle p) {
        if (p.isAlive()) p.destroy();
        try {
            p.onExit().get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }
}
