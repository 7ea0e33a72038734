package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.support.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two folders that claim the same (environment, owner/repo) are a deploy error naming both; the
 * first keeps serving. An explicit redeploy of the same folder stays allowed.
 */
class DuplicateRepositoryTest {
    static Path app(Path folder, String answer, String w7sJson) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("index.js"), "export default { fetch() { return new Response(" + '"' + answer + '"' + "); } };\n");
        if (w7sJson != null) Files.writeString(folder.resolve("w7s.json"), w7sJson);
        return folder;
    }

    @Test
    void aSecondFolderClaimingTheSameRepositoryIsRefusedAndTheFirstKeepsServing(@TempDir Path temp) throws Exception {
        Path apps = temp.resolve("apps");
        Path first = app(apps.resolve("acme/api"), "first", null);
        Path copy = app(apps.resolve("other/copy"), "second", "{ \"repository\": \"acme/api\" }");
        Path third = app(temp.resolve("third"), "third", null);
        try (TestHost host = TestHost.start(List.of(
                new AppSource(apps, "production", null),
                new AppSource(third, "production", "ACME/Api"), // --repo, names compare case-insensitively
                new AppSource(copy, "staging", null)))) {       // another environment is another identity
            List<String> errors = host.host().deployErrors();
            assertEquals(2, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith(first + " and " + copy + " both claim acme/api in environment production;"), errors.get(0));
            assertTrue(errors.get(0).contains("w7s.json \"repository\"") && errors.get(0).contains("different environments"), errors.get(0));
            assertTrue(errors.get(1).startsWith(first + " and " + third + " both claim ACME/Api in environment production;"), errors.get(1));

            assertEquals("first", host.get("api.acme.localhost", "/").body());
            assertEquals("second", host.get("staging--api.acme.localhost", "/").body());

            // A redeploy of the folder that serves it is not a second claim.
            assertNotNull(host.host().deploy(first, "production", null));
            assertEquals("first", host.get("api.acme.localhost", "/").body());
        }
    }
}
