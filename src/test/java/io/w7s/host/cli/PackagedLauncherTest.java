package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.w7s.host.support.CliProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./w7s serve} on what {@code mvn package} made (runs after it, pom.xml "packaged"): the JDK image with the
 * Graal compiler inside and the AOT cache from the training run. {@code -XX:AOTMode=on} makes the JVM refuse to
 * start unless the cache is used, so a cache that no longer matches the jars or the JDK fails here, not silently
 * at users' start-ups. And the way back, {@code W7S_NO_JDK_IMAGE=1}: the stock JDK with the compiler on
 * {@code --upgrade-module-path}, the JIT on all the same.
 */
@Tag("packaged")
class PackagedLauncherTest {
    private static final Path IMAGE = Path.of("target/jdk/bin/java");
    private static final Path CACHE = Path.of("target/w7s.aot");

    @Test
    void servesFromTheJdkImageWithTheAotCacheAndTheJitOn() throws Exception {
        assumeTrue(Files.isExecutable(IMAGE) && Files.exists(CACHE), "built with -Dw7s.aot.skip");
        try (CliProcess serve = CliProcess.startLauncher(Map.of("W7S_JAVA_OPTS", "-XX:AOTMode=on"), "serve", "apps",
                "--port", "0", "--no-admin", "--no-compile-cache")) {
            servesWithTheJitOn(serve);
            String jvm = serve.process().info().command().orElse("");
            assertTrue(jvm.endsWith("target/jdk/bin/java"), "the launcher ran " + jvm);
            for (String line : serve.seen()) {
                assertTrue(!line.contains("[warning]") && !line.contains("[error]"), "the JVM warned: " + line);
            }
        }
    }

    @Test
    void aCacheMadeFromOtherJarsIsNotUsed(@TempDir Path checkout) throws Exception {
        assumeTrue(Files.isExecutable(IMAGE) && Files.exists(CACHE), "built with -Dw7s.aot.skip");
        // A checkout whose host jar was rebuilt after the cache was made: the JVM itself would run the cache's
        // stale classes (JDK 25 does not check class path jars), so the launcher must leave the cache out.
        Path target = launcherBeside(checkout, "jdk", "lib", "graalvm", "classes", "w7s.aot", "w7s.aot.inputs");
        Files.copy(Path.of("target/w7s-host.jar"), target.resolve("w7s-host.jar"));
        Files.setLastModifiedTime(target.resolve("w7s-host.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        try (CliProcess serve = serveApps(checkout)) {
            serve.awaitLine(l -> l.equals("w7s: target/w7s.aot was made from other jars: starting without it (./w7s aot-cache makes it anew)"));
            servesWithTheJitOn(serve);
        }
    }

    @Test
    void anImageLinkedWithAnotherCompilerIsNotUsed(@TempDir Path checkout) throws Exception {
        assumeTrue(Files.isExecutable(IMAGE), "built with -Dw7s.aot.skip");
        // What a build with -Dw7s.aot.skip after a compiler update leaves: target/jdk from before, new jars.
        Path target = launcherBeside(checkout, "lib", "graalvm", "classes", "jvmci", "w7s-host.jar");
        Path image = Files.createDirectories(target.resolve("jdk"));
        Files.createSymbolicLink(image.resolve("bin"), Path.of("target/jdk/bin").toAbsolutePath());
        Files.writeString(image.resolve("w7s-image-inputs"), "25 /jdk\nfile:///old/target/jvmci/compiler-25.0.2.jar 1\n");
        try (CliProcess serve = serveApps(checkout)) {
            serve.awaitLine(l -> l.equals("w7s: target/jdk was linked with another Graal compiler: starting on this JDK (mvn package links it anew)"));
            servesWithTheJitOn(serve);
            assertTrue(jvmArguments(serve).contains("--upgrade-module-path="));
        }
    }

    @Test
    void devCompilesWithC1Only() throws Exception {
        try (CliProcess dev = CliProcess.startLauncher(Map.of(), "dev", "apps", "--port", "0", "--no-admin", "--no-compile-cache")) {
            servesWithTheJitOn(dev);
            assertTrue(dev.process().info().arguments().map(a -> List.of(a).contains("-XX:TieredStopAtLevel=1")).orElse(false),
                    "w7s dev starts its JVM with C1 only");
        }
    }

    @Test
    void withoutTheImageTheStockJdkRunsTheCompilerFromTheUpgradeModulePath() throws Exception {
        try (CliProcess serve = CliProcess.startLauncher(Map.of("W7S_NO_JDK_IMAGE", "1"), "serve", "apps",
                "--port", "0", "--no-admin", "--no-compile-cache")) {
            servesWithTheJitOn(serve);
            assertTrue(jvmArguments(serve).contains("--upgrade-module-path="));
        }
    }

    /** A copy of the launcher in {@code checkout}, its {@code target/} holding links to this build's {@code shared} parts. */
    private static Path launcherBeside(Path checkout, String... shared) throws java.io.IOException {
        Path target = Files.createDirectories(checkout.resolve("target"));
        Files.copy(Path.of("w7s"), checkout.resolve("w7s"));
        for (String part : shared) Files.createSymbolicLink(target.resolve(part), Path.of("target", part).toAbsolutePath());
        return target;
    }

    private static CliProcess serveApps(Path checkout) throws java.io.IOException {
        return CliProcess.startLauncher(checkout.resolve("w7s"), Map.of(), "serve", Path.of("apps").toAbsolutePath().toString(),
                "--port", "0", "--no-admin", "--no-compile-cache");
    }

    private static String jvmArguments(CliProcess process) {
        return process.process().info().arguments().map(a -> String.join(" ", a)).orElse("");
    }

    private static void servesWithTheJitOn(CliProcess serve) throws Exception {
        serve.awaitLine(l -> l.contains("GraalJS JIT: on"));
        int port = serve.awaitListening();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", "example-rpc-client.w7s-io.localhost").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body()); // an RPC to example-rpc-datetime inside
    }
}
