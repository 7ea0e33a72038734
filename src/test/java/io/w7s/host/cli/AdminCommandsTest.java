package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import io.w7s.host.support.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** w7s deploy / ls / undeploy against a real host, as a user types them (--env git included). */
class AdminCommandsTest {
    @TempDir
    Path tmp;

    private Path gitApp(String branch) throws Exception {
        Path app = Files.createDirectories(tmp.resolve(branch.replace('/', '_')));
        Files.writeString(app.resolve("w7s.json"), "{\"repository\": \"alpha/greeter\"}");
        Files.writeString(app.resolve("index.js"), "export default { fetch: (r, env) => new Response('hi from ' + env.W7S_ENVIRONMENT) };\n");
        Files.writeString(app.resolve(".dev.vars"), "LOCAL_SECRET=never-uploaded\n");
        Process git = new ProcessBuilder("git", "init", "-q", "-b", branch, app.toString()).inheritIO().start();
        assertEquals(0, git.waitFor());
        return app;
    }

    private static String out(CliTask task) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            task.run();
        } finally {
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface CliTask {
        void run() throws Exception;
    }

    @Test
    void deployWithEnvGitUsesTheCheckedOutBranchAndMainIsProduction() throws Exception {
        try (TestHost host = TestHost.start(HostConfig.of(List.<AppSource>of()).withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, null)))) {
            String admin = "127.0.0.1:" + host.host().adminPort();
            Path feature = gitApp("feature/y");
            String deployed = out(() -> AdminCommands.deploy(List.of(feature.toString(), "--env", "git", "--host", admin)));
            assertTrue(deployed.startsWith("deployed alpha/greeter@feature/y (1 modules) at http://feature-y--greeter.alpha.localhost:"), deployed);
            assertEquals("hi from feature/y", host.get("feature-y--greeter.alpha.localhost", "/").body());

            Path main = gitApp("main");
            out(() -> AdminCommands.deploy(List.of(main.toString(), "--env", "git", "--host", admin)));
            assertEquals("hi from production", host.get("greeter.alpha.localhost", "/").body());

            String listing = out(() -> AdminCommands.ls(List.of("--host", admin)));
            assertTrue(listing.startsWith("REPOSITORY"), listing);
            assertTrue(listing.contains("alpha/greeter") && listing.contains("feature/y") && listing.contains("production"), listing);

            String undeployed = out(() -> AdminCommands.undeploy(List.of("alpha/greeter", "--env", "feature/y", "--host", admin)));
            assertEquals("undeployed alpha/greeter@feature/y\n", undeployed);
            assertNull(host.host().registry().find("feature/y", "alpha", "greeter"));
            assertNotNull(host.host().registry().find("production", "alpha", "greeter"));

            CliException gone = assertThrows(CliException.class,
                    () -> AdminCommands.undeploy(List.of("alpha/greeter", "--env", "feature/y", "--host", admin)));
            assertTrue(gone.getMessage().contains("not deployed in environment 'feature/y'") && gone.getMessage().contains("404"), gone.getMessage());
        }
    }

    @Test
    void withoutAHostTheCommandSaysSo() throws Exception {
        Path app = gitApp("main");
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            int port = free.getLocalPort();
            free.close();
            CliException e = assertThrows(CliException.class,
                    () -> AdminCommands.deploy(List.of(app.toString(), "--host", "127.0.0.1:" + port)));
            assertTrue(e.getMessage().startsWith("no W7S admin API at http://127.0.0.1:" + port), e.getMessage());
        }
        assertEquals(2, assertThrows(CliException.class, () -> AdminCommands.deploy(List.of())).exitCode());
        assertTrue(assertThrows(CliException.class, () -> AdminCommands.deploy(List.of(app.toString(), "--env", "no good")))
                .getMessage().contains("not a valid environment name"));
    }

    @Test
    void localSecretsAndGitAreNeverPacked() throws Exception {
        Path app = gitApp("main");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        assertEquals(2, io.w7s.host.admin.AppArchive.pack(app, archive), "w7s.json and index.js only");
    }
}
