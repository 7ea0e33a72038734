package io.w7s.host.bench;

import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.file.Path;
import java.util.List;

/**
 * Deploy time and first requests of one app on a running host: a host with no apps starts, then the
 * app is deployed into environments e1..eN one after another (the first pays for cold code; later
 * ones reuse what the shared engine parsed), and after each deploy its first three requests are
 * timed (handed to the deployment, no HTTP). Usage: DeployBench APP_DIR [N] [PATH] [MORE_APP_DIR...] (default 5,
 * "/"); the MORE_APP_DIRs are then deployed once each. {@code -Dcache=DIR}: with the on-disk compile cache in DIR
 * (as {@code w7s serve} has it), e.g. to time deploys after a restart.
 */
public final class DeployBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String path = args.length > 2 ? args[2] : "/";
        long t0 = System.nanoTime();
        HostConfig config = HostConfig.of(List.of()).withPort(0);
        if (System.getProperty("cache") != null) {
            config = config.withCompileCache(Path.of(System.getProperty("cache")));
        }
        try (Host host = Host.start(config)) {
            System.out.printf("host with no apps ready in %d ms (JIT %s)%n", (System.nanoTime() - t0) / 1_000_000, host.jitEnabled() ? "on" : "OFF");
            for (int i = 1; i <= n; i++) {
                timed(host, dir, "e" + i, path, "deploy " + i);
            }
            for (int i = 3; i < args.length; i++) {
                timed(host, Path.of(args[i]).toAbsolutePath(), "e1", path, "then " + args[i]);
            }
        }
    }

    /** Deploys {@code dir} as environment {@code env}, times it and its first three requests, and prints one line. */
    private static void timed(Host host, Path dir, String env, String path, String label) throws Exception {
        long d0 = System.nanoTime();
        Deployment d = host.deploy(dir, env, null);
        double deployMs = (System.nanoTime() - d0) / 1e6;
        StringBuilder line = new StringBuilder(String.format("%s: %.0f ms; first requests:", label, deployMs));
        for (int r = 0; r < 3; r++) {
            WebRequest request = new WebRequest("GET", "http://app.localhost" + path, Headers.empty(), null);
            long r0 = System.nanoTime();
            WebResponse response = d.handle(request).join();
            line.append(String.format(" %.1f ms", (System.nanoTime() - r0) / 1e6));
            if (response.status() != 200) throw new IllegalStateException("status " + response.status());
        }
        System.out.println(line);
    }
}
