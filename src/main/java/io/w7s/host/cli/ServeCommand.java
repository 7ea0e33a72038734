package io.w7s.host.cli;

import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.dev.DevLoop;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code w7s serve ...}: starts the host and prints each deployment's public URL. {@code w7s dev ...}
 * is the same host in development mode: it also watches the folders and redeploys them on change.
 */
final class ServeCommand {
    static final String DEV_USAGE = """
            Usage: w7s dev [DIR...] [--env NAME DIR...]... [options]

              Like serve, for development: watches every app folder (all of it, node_modules too, not .git)
              and redeploys a folder when it changes; requests in flight finish on the old version. A
              version that does not compile or load is reported with its file:line and the last good one
              keeps serving. Logs every public request and RPC call, and an RPC target's error reaches
              its caller in the 502 body.
            """;

    private ServeCommand() {
    }

    static void run(List<String> args, boolean dev) throws InterruptedException {
        String name = dev ? "dev" : "serve";
        String usage = dev ? DEV_USAGE + ServeArgs.USAGE.substring(ServeArgs.USAGE.indexOf('\n')) : ServeArgs.USAGE;
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(usage);
            System.exit(0);
        }
        HostConfig config;
        try {
            config = ServeArgs.parse(args).withDev(dev);
        } catch (ServeArgs.UsageException e) {
            System.err.println("w7s " + name + ": " + e.getMessage() + "\n");
            System.err.print(usage);
            System.exit(2);
            return;
        }
        LogFormat.install(dev);
        Host host;
        try {
            host = Host.start(config);
        } catch (RuntimeException e) { // nothing can serve (the engine did not start, the port is taken, ...)
            System.err.println("w7s " + name + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        if (dev) {
            try {
                DevLoop.start(host, config.apps());
            } catch (java.io.IOException e) {
                System.err.println("w7s dev: cannot watch the app folders: " + e.getMessage());
                host.close();
                System.exit(1);
            }
        }
        Shutdown.onSignals(host, config.shutdownGrace());
        StringBuilder out = new StringBuilder("\nW7S host listening on port " + host.port() + "\n");
        for (Deployment d : host.registry().all()) {
            out.append(String.format("  %-40s %s%n", d.label(), host.publicUrl(d)));
        }
        if (!host.deployErrors().isEmpty()) {
            out.append(host.deployErrors().size()).append(" folder(s) failed to deploy; see the errors above.\n");
        }
        System.out.println(out);
        new CountDownLatch(1).await();
    }
}
