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
              keeps serving. Logs every public request and RPC call (--no-access-log: not), and an RPC
              target's error reaches its caller in the 502 body.
            """;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("w7s");

    private ServeCommand() {
    }

    static void run(List<String> args, boolean dev) throws InterruptedException {
        String name = dev ? "dev" : "serve";
        String usage = dev ? DEV_USAGE + ServeArgs.USAGE.substring(ServeArgs.USAGE.indexOf('\n')) : ServeArgs.USAGE;
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(usage);
            System.exit(0);
        }
        ServeArgs.Options options;
        try {
            options = ServeArgs.options(args, dev);
        } catch (ServeArgs.UsageException e) {
            System.err.println("w7s " + name + ": " + e.getMessage() + "\n");
            System.err.print(usage);
            System.exit(2);
            return;
        }
        HostConfig config = options.config();
        boolean json = options.logFormat() == LogOutput.Format.JSON;
        LogOutput.install(options.logFormat(), dev);
        Host host;
        try {
            host = Host.start(config);
        } catch (RuntimeException e) { // nothing can serve (the engine did not start, the port is taken, ...)
            fail(json, "w7s " + name + ": " + e.getMessage());
            return;
        }
        if (dev) {
            try {
                DevLoop.start(host, config.apps());
            } catch (java.io.IOException e) {
                host.close();
                fail(json, "w7s dev: cannot watch the app folders: " + e.getMessage());
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
        if (json) LOG.info(out.toString().strip()); // in JSON, every line the host prints is a JSON object
        else System.out.println(out);
        new CountDownLatch(1).await();
    }

    /** Exits with status 1 after saying why: a plain line, or in JSON a log record like every other line. */
    private static void fail(boolean json, String message) {
        if (json) LOG.severe(message);
        else System.err.println(message);
        System.exit(1);
    }
}
