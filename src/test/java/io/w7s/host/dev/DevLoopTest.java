package io.w7s.host.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** w7s dev's reload loop on a real host: edits under load, compile errors, recovery, and no leak across reloads. */
class DevLoopTest {
    /** Only bounds a test that fails; a reload normally takes well under a second. */
    private static final long PATIENCE_SECONDS = 120;

    @TempDir
    Path tmp;

    private Path app;
    private final BlockingQueue<DevLoop.Reload> reloads = new LinkedBlockingQueue<>();

    private TestHost start() throws Exception {
        app = Files.createDirectories(tmp.resolve("app/src"));
        write("v1");
        return TestHost.start(HostConfig.of(List.of(new AppSource(tmp.resolve("app"), "production", "alpha/live")))
                .withDev(true).withCompileCache(Files.createDirectories(tmp.resolve("cache"))));
    }

    private void write(String version) throws Exception {
        Files.writeString(app.resolve("index.ts"), """
                const version: string = "%s";
                export default {
                  async fetch(request: Request): Promise<Response> {
                    return new Response(version);
                  },
                };
                """.formatted(version));
    }

    private DevLoop.Reload nextReload() throws InterruptedException {
        DevLoop.Reload r = reloads.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no reload within " + PATIENCE_SECONDS + " s");
        return r;
    }

    @Test
    void anEditUnderLoadSwapsVersionsWithoutAFailedRequestAndAnErrorKeepsTheLastGoodVersion() throws Exception {
        try (TestHost host = start(); DevLoop dev = DevLoop.start(host.host(), host.host().config().apps());
             CapturedLog log = CapturedLog.attach(DevLoop.class.getName())) {
            dev.onReload(reloads::add);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(2);
            List<Thread> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        HttpResponse<String> r = host.get("live.alpha.localhost", "/");
                        if (r.statusCode() == 200) seen.merge(r.body(), 1, Integer::sum);
                        else failed.incrementAndGet();
                    }
                }));
            }
            running.await();

            write("v2");
            DevLoop.Reload r = nextReload();
            assertTrue(r.ok(), r.toString());
            assertEquals("alpha/live@production", r.label());
            assertEquals(1, r.files());
            assertEquals("v2", host.get("live.alpha.localhost", "/").body(), "new requests go to the new version");
            assertTrue(String.join("\n", log.lines()).matches("(?s).*reloaded alpha/live@production in \\d+ ms \\(1 file\\).*"), String.join("\n", log.lines()));

            Files.writeString(app.resolve("index.ts"), "const version: string = \"v3\";\nexport default {\n  fetch() { return new Response(version }\n};\n");
            r = nextReload();
            assertFalse(r.ok());
            assertTrue(r.message().contains("src/index.ts:3:"), r.message());
            assertEquals("v2", host.get("live.alpha.localhost", "/").body(), "the last good version keeps serving");
            assertTrue(String.join("\n", log.lines()).contains("> 3 |   fetch() { return new Response(version }"), "a code frame: " + String.join("\n", log.lines()));

            write("v3");
            r = nextReload();
            assertTrue(r.ok(), r.toString());
            assertEquals("v3", host.get("live.alpha.localhost", "/").body(), "the next good save recovers");

            stop.set(true);
            for (Thread t : clients) t.join();
            assertEquals(0, failed.get(), "answered: " + seen);
            assertTrue(seen.containsKey("v1") && seen.containsKey("v2"), seen.toString());
        }
    }

    /** The whole folder is watched, node_modules included: a package changed by npm reloads the app that imports it. */
    @Test
    void aChangeInNodeModulesReloads() throws Exception {
        try (TestHost host = start()) {
            Path pkg = Files.createDirectories(tmp.resolve("app/node_modules/greeting"));
            Files.writeString(pkg.resolve("package.json"), "{\"name\": \"greeting\", \"main\": \"index.js\"}");
            Files.writeString(pkg.resolve("index.js"), "export const greeting = 'hello';\n");
            Files.writeString(app.resolve("index.ts"), "import { greeting } from \"greeting\";\n"
                    + "export default { fetch: (): Response => new Response(greeting) };\n");
            host.host().deploy(tmp.resolve("app"), "production", "alpha/live");
            try (DevLoop dev = DevLoop.start(host.host(), host.host().config().apps())) {
                dev.onReload(reloads::add);
                assertEquals("hello", host.get("live.alpha.localhost", "/").body());
                Files.writeString(pkg.resolve("index.js"), "export const greeting = 'bonjour';\n");
                DevLoop.Reload r = nextReload();
                assertTrue(r.ok(), r.toString());
                assertEquals("bonjour", host.get("live.alpha.localhost", "/").body());
            }
        }
    }

    /**
     * No leak: every replaced version is closed and collected (weak references, exact), and the heap after
     * GC stays within 10 % (in a JVM of its own, so that no other test's leftovers count).
     */
    @Test
    @org.junit.jupiter.api.Tag("own-jvm")
    void fiftyReloadsLeaveTheHeapFlat() throws Exception {
        try (TestHost host = start(); DevLoop dev = DevLoop.start(host.host(), host.host().config().apps())) {
            dev.onReload(reloads::add);
            for (int i = 0; i < 10; i++) reloadTo(host, "warm-" + i); // class loading and compiled code settle first
            long before = heapAfterGc(host);
            List<java.lang.ref.WeakReference<Object>> replaced = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                replaced.add(new java.lang.ref.WeakReference<>(host.host().registry().find("production", "alpha", "live")));
                reloadTo(host, "n-" + i);
            }
            long after = heapAfterGc(host);
            long kept = replaced.stream().filter(r -> r.get() != null).count();
            assertEquals(0, kept, kept + " of 50 replaced versions are still reachable");
            assertTrue(after <= before * 1.10, "heap after 50 reloads: " + (after >> 20) + " MiB, before: " + (before >> 20) + " MiB");
        }
    }

    private void reloadTo(TestHost host, String version) throws Exception {
        write(version);
        DevLoop.Reload r = nextReload();
        assertTrue(r.ok(), r.toString());
        assertEquals(version, host.get("live.alpha.localhost", "/").body());
    }

    private static long heapAfterGc(TestHost host) throws Exception {
        host.host().retired().get(PATIENCE_SECONDS, TimeUnit.SECONDS); // replaced versions have closed
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
