package io.w7s.host.bench;

import io.helidon.webserver.WebServer;

/** Baseline for BENCHMARKS.md: a plain Helidon SE handler returning the same text as bench/hello. */
public final class PlainHelidon {
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        WebServer server = WebServer.builder()
                .port(port)
                .routing(r -> r.any((req, res) -> {
                    res.header("content-type", "text/plain;charset=UTF-8");
                    res.send("Hello World".getBytes());
                }))
                .build().start();
        System.out.println("plain Helidon on port " + server.port());
        Thread.currentThread().join();
    }
}
