package io.w7s.host.cli;

import io.w7s.host.Host;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the JDK's AOT cache ({@code ./w7s aot-cache}, run by {@code mvn package}): a host on the
 * given app folders, the same as {@code w7s serve} starts (TypeScript compiled, no compile cache), serves every
 * deployment's {@code /} a number of times, RPCs included, then exits; the JVM writes the classes it loaded
 * and linked, and their profiles, to the cache the launcher then starts every host with.
 */
public final class StartupTraining {
    /** Requests per deployment ({@code -Dw7s.aot.rounds}): what the cache's profiles are made of. */
    private static final int ROUNDS = Integer.getInteger("w7s.aot.rounds", 200);

    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        List<String> serve = new ArrayList<>(List.of(args));
        serve.addAll(List.of("--port", "0", "--no-admin", "--no-compile-cache"));
        LogOutput.install(LogOutput.Format.TEXT, false);
        int served = 0;
        try (Host host = Host.start(ServeArgs.parse(serve))) {
            if (!host.deployErrors().isEmpty() || host.registry().all().isEmpty()) { // a cache trained on less would pass unnoticed
                System.err.println("w7s: AOT training: nothing to train on, or a folder did not deploy: " + host.deployErrors());
                System.exit(1);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Deployment d : host.registry().all()) {
                    get(host.port(), Names.publicHost(d.owner(), d.repo(), d.environment(), host.config().domain()));
                    served++;
                }
            }
        }
        System.out.println("w7s: AOT training served " + served + " requests");
        System.exit(0); // the JVM writes the cache on exit
    }

    /** One {@code GET /} over a plain socket (the host's own HTTP stack is what is trained, not a client's). */
    private static void get(int port, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
