package io.w7s.host.bench;

import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Density: starts a host on N generated deployments (a small JS app each, with a module-level
 * counter), serves each once over HTTP, and reports start-up time, heap retained per idle deployment
 * (used heap after full GCs, minus the same host with no deployment) and RSS.
 * With TEMPLATE_DIR, each deployment is a copy of that app folder instead (an npm app: node_modules copied
 * too), and each must answer its "/" with 200.
 * Usage: DensityBench [N] [TEMPLATE_DIR] (default 1000). Run with the JVM flags ./w7s uses (BENCHMARKS.md).
 */
public final class DensityBench {
    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path root = Files.createTempDirectory("w7s-density");
        Path template = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : null;
        Path apps = template == null ? generate(root.resolve("apps"), n) : copies(template, root.resolve("apps"), n);

        long baseline;
        try (Host host = Host.start(HostConfig.of(List.of()).withPort(0))) {
            baseline = usedHeapAfterGc();
        }
        long t0 = System.nanoTime();
        try (Host host = Host.start(HostConfig.of(List.of(new AppSource(apps, "production", null))).withPort(0))) {
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            if (!host.deployErrors().isEmpty()) throw new IllegalStateException(host.deployErrors().getFirst());
            long idle = usedHeapAfterGc();
            long rssIdle = rssKiB();
            HttpClient client = HttpClient.newHttpClient();
            long s0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/"))
                        .header("Host", name(i) + ".density.localhost").build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || template == null && !r.body().equals(name(i) + " 1")) {
                    throw new IllegalStateException(name(i) + ": " + r.statusCode() + " " + r.body());
                }
            }
            long serveMs = (System.nanoTime() - s0) / 1_000_000;
            long served = usedHeapAfterGc();
            System.out.printf("JIT %s; %d deployments: host start %d ms; first request to each, one after another: %d ms (%.2f ms each)%n",
                    host.jitEnabled() ? "on" : "OFF", n, startMs, serveMs, serveMs / (double) n);
            System.out.printf("heap used after GC: no deployments %.1f MiB; %d idle %.1f MiB (%.2f MiB each); after serving each once %.1f MiB (%.2f MiB each)%n",
                    mib(baseline), n, mib(idle), mib(idle - baseline) / n, mib(served), mib(served - baseline) / n);
            System.out.printf("RSS: %.0f MiB idle, %.0f MiB after serving; threads: %d; max heap %.0f MiB%n",
                    rssIdle / 1024.0, rssKiB() / 1024.0, Thread.activeCount(), mib(Runtime.getRuntime().maxMemory()));
        }
    }

    private static String name(int i) {
        return String.format("app%04d", i);
    }

    private static Path generate(Path dir, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Path app = Files.createDirectories(dir.resolve("density").resolve(name(i)));
            Files.writeString(app.resolve("index.js"), """
                    let served = 0;
                    export default {
                      fetch(request, env) {
                        served++;
                        return new Response(env.W7S_REPO + " " + served);
                      },
                    };
                    """);
        }
        return dir;
    }

    private static Path copies(Path template, Path dir, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Path app = dir.resolve("density").resolve(name(i));
            try (var files = Files.walk(template)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path to = app.resolve(template.relativize(from).toString());
                    if (Files.isDirectory(from)) Files.createDirectories(to);
                    else Files.copy(from, to);
                }
            }
        }
        return dir;
    }

    /** System.gc() is a full, synchronous collection with G1 unless -XX:+ExplicitGCInvokesConcurrent. */
    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
