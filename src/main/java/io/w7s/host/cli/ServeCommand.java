package io.w7s.host.cli;

import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployment;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code w7s serve ...}: starts the host and prints each deployment's public URL. */
final class ServeCommand {
    private ServeCommand() {
    }

    static void run(List<String> args) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(ServeArgs.USAGE);
            System.exit(0);
        }
        HostConfig config;
        try {
            config = ServeArgs.parse(args);
        } catch (ServeArgs.UsageException e) {
            System.err.println("w7s serve: " + e.getMessage() + "\n");
            System.err.print(ServeArgs.USAGE);
            System.exit(2);
            return;
        }
        LogFormat.install();
        Host host;
        try {
            host = Host.start(config);
        } catch (RuntimeException e) { // nothing can serve (the engine did not start, the port is taken, ...)
            System.err.println("w7s serve: " + e.getMessage());
            System.exit(1);
            return;
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
