package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.support.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code w7s init} makes an app that a real host serves at once, and never overwrites anything. */
class InitCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCreatedAppDeploysAndAnswersOverHttp(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("new-app");
        String out = InitCommand.create(app, "acme/hello-api");
        assertTrue(out.contains("acme/hello-api (from --repo"), out);
        assertTrue(out.contains("w7s dev ") && out.contains("http://hello-api.acme.localhost:8080/"), out);
        assertEquals("acme/hello-api", JSON.readTree(app.resolve("w7s.json").toFile()).get("repository").asText());
        try (TestHost host = TestHost.start(List.of(new AppSource(app, "production", null)))) {
            assertEquals(List.of(), host.host().deployErrors());
            var r = host.get("hello-api.acme.localhost", "/");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("acme/hello-api", JSON.readTree(r.body()).get("hello").asText());
            // the RPC example route calls through callW7s; its target is not deployed here
            var rpc = host.get("hello-api.acme.localhost", "/rpc-example");
            assertEquals(404, rpc.statusCode(), rpc.body());
            assertTrue(rpc.body().contains("not_deployed"), rpc.body());
        }
    }

    @Test
    void withoutRepoTheFolderPathNamesTheRepositoryAndW7sJsonLeavesItOut(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("acme").resolve("api");
        String out = InitCommand.create(app, null);
        assertTrue(out.contains("Repository: acme/api (from the folder's last two path segments"), out);
        assertFalse(JSON.readTree(app.resolve("w7s.json").toFile()).has("repository"));
        assertEquals(".dev.vars\nnode_modules\n", Files.readString(app.resolve(".gitignore")));
    }

    @Test
    void withoutRepoTheGitRemoteNamesTheRepository(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("checkout");
        Files.createDirectories(app.resolve(".git"));
        Files.writeString(app.resolve(".git/config"), "[remote \"origin\"]\n\turl = git@github.com:Acme/Clone.git\n");
        String out = InitCommand.create(app, null);
        assertTrue(out.contains("Repository: Acme/Clone (from the git remote origin"), out);
    }

    @Test
    void theBindingsAreCopiedByteForByte(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("acme/api");
        InitCommand.create(app, null);
        for (String name : List.of("w7s-env.d.ts", "w7s-rpc.ts")) {
            assertArrayEquals(Files.readAllBytes(Path.of("bindings", name)), Files.readAllBytes(app.resolve("src").resolve(name)), name);
        }
    }

    @Test
    void existingFilesAreNeverOverwrittenAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("acme/api");
        Files.createDirectories(app);
        Files.writeString(app.resolve("tsconfig.json"), "{ \"mine\": true }");
        var e = assertThrows(InitCommand.InitException.class, () -> InitCommand.create(app, null));
        assertTrue(e.getMessage().contains("tsconfig.json already exist") && e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals("{ \"mine\": true }", Files.readString(app.resolve("tsconfig.json")));
        try (var files = Files.list(app)) {
            assertEquals(List.of(app.resolve("tsconfig.json")), files.toList());
        }
    }

    @Test
    void anInvalidOrUnknowableRepositoryIsRefused(@TempDir Path tmp) {
        var bad = assertThrows(InitCommand.InitException.class, () -> InitCommand.create(tmp.resolve("x"), "not a repo"));
        assertTrue(bad.getMessage().contains("--repo: 'not a repo' is not a GitHub owner/repo"), bad.getMessage());
        var unknown = assertThrows(InitCommand.InitException.class, () -> InitCommand.create(tmp.resolve("-bad-").resolve("x"), null));
        assertTrue(unknown.getMessage().contains("pass --repo OWNER/REPO"), unknown.getMessage());
        assertFalse(Files.exists(tmp.resolve("-bad-")));
    }
}
