package io.w7s.host.bench;

import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.dev.DevLoop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The w7s dev loop, measured: a TypeScript app is saved N times while C clients keep requesting it
 * over HTTP; for each save, the time from the write to the first response of the new version (the
 * watcher's quiet period, compiling, starting the new isolate, the swap), and over all of it how many
 * requests were answered and how many failed. Usage: DevReloadBench [N] [C] (default 20, 2).
 */
public final class DevReloadBench {
    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host"); // apps are addressed by Host header
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int saves = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path tmp = Files.createTempDirectory("w7s-dev-bench");
        Path index = Files.createDirectories(tmp.resolve("app/src")).resolve("index.ts");
        write(index, "v0");
        HostConfig config = HostConfig.of(List.of(new AppSource(tmp.resolve("app"), "production", "bench/live")))
                .withPort(0).withDev(true).withCompileCache(Files.createDirectories(tmp.resolve("cache")));
        try (Host host = Host.start(config); DevLoop dev = DevLoop.start(host, config.apps())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/"))
                    .header("Host", "live.bench.localhost").build();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong answered = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                load.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            if (http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) answered.incrementAndGet();
                            else failed.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 1; i <= saves; i++) {
                String version = "v" + i;
                long t0 = System.nanoTime();
                write(index, version);
                while (!http.send(get, HttpResponse.BodyHandlers.ofString()).body().equals(version)) Thread.onSpinWait();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            stop.set(true);
            for (Thread t : load) t.join();
            double first = ms.getFirst();
            Collections.sort(ms);
            System.out.printf("save -> new version serving, %d saves: p50 %.0f ms, p90 %.0f ms, max %.0f ms (first %.0f ms)%n",
                    saves, ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)), ms.getLast(), first);
            System.out.printf("under load (%d clients): %d requests answered, %d failed%n", clients, answered.get(), failed.get());
        }
    }

    private static void write(Path index, String version) throws java.io.IOException {
        Files.writeString(index, "const version: string = \"" + version + "\";\n"
                + "export default { fetch: (request: Request): Response => new Response(version) };\n");
    }
}
