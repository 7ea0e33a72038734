package io.w7s.host.bench;

import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * In-process microbenchmark of one RPC call: the same app answers /direct at once and /rpc through
 * env.W7S_RPC (bench/rpc-caller -> bench/rpc-target), requests handed straight to the deployment
 * (no HTTP). Added latency = /rpc - /direct. Usage: RpcLatencyBench [SECONDS_WARMUP] [ITERATIONS].
 */
public final class RpcLatencyBench {
    public static void main(String[] args) {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        HostConfig config = HostConfig.of(List.of(new AppSource(Path.of("bench/apps").toAbsolutePath(), "production", null)))
                .withPort(0);
        try (Host host = Host.start(config)) {
            Deployment caller = host.registry().find("production", "bench", "rpc-caller");
            WebRequest direct = new WebRequest("GET", "http://rpc-caller.bench.localhost/direct", Headers.empty(), null);
            WebRequest rpc = new WebRequest("GET", "http://rpc-caller.bench.localhost/rpc", Headers.empty(), null);
            long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                run(caller, direct);
                run(caller, rpc);
            }
            long[] d = new long[n];
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                d[i] = run(caller, direct);
                r[i] = run(caller, rpc);
            }
            Arrays.sort(d);
            Arrays.sort(r);
            System.out.println(host.jitEnabled() ? "JIT on" : "JIT OFF");
            System.out.printf("direct: p50 %.1f us, p90 %.1f us, p99 %.1f us%n", us(d, 0.5), us(d, 0.9), us(d, 0.99));
            System.out.printf("rpc:    p50 %.1f us, p90 %.1f us, p99 %.1f us%n", us(r, 0.5), us(r, 0.9), us(r, 0.99));
            System.out.printf("added by one RPC call: p50 %.1f us, p90 %.1f us%n", us(r, 0.5) - us(d, 0.5), us(r, 0.9) - us(d, 0.9));
        }
    }

    private static long run(Deployment caller, WebRequest request) {
        long t0 = System.nanoTime();
        WebResponse response = caller.handle(request).join();
        long t = System.nanoTime() - t0;
        if (response.status() != 200) throw new IllegalStateException("status " + response.status());
        return t;
    }

    private static double us(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, sorted.length * q)] / 1000.0;
    }
}
