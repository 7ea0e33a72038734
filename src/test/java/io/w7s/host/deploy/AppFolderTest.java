package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppFolderTest {
    @TempDir
    Path tmp;

    /** An app folder at apps/acme/api unless a test says otherwise. */
    Path app() {
        return tmp.resolve("apps/acme/api");
    }

    static Path write(Path dir, String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DeployException fails(String w7sJson) {
        write(app(), "w7s.json", w7sJson);
        write(app(), "src/index.ts", "export default {};");
        return assertThrows(DeployException.class, () -> AppFolder.read(app(), null));
    }

    // ---- entry ----

    @Test
    void entryIsMainFromW7sJsonFirst() throws Exception {
        write(app(), "w7s.json", "{\"main\": \"lib/worker.ts\"}");
        write(app(), "package.json", "{\"module\": \"src/index.js\"}");
        write(app(), "lib/worker.ts", "");
        write(app(), "src/index.js", "");
        assertEquals(app().resolve("lib/worker.ts"), AppFolder.read(app(), null).entry());
    }

    @Test
    void entryIsPackageJsonModuleThenMain() throws Exception {
        write(app(), "package.json", "{\"module\": \"dist/esm.js\", \"main\": \"dist/cjs.js\"}");
        write(app(), "dist/cjs.js", "");
        write(app(), "src/index.ts", "");
        assertEquals(app().resolve("dist/cjs.js"), AppFolder.read(app(), null).entry()); // module missing: main
        write(app(), "dist/esm.js", "");
        assertEquals(app().resolve("dist/esm.js"), AppFolder.read(app(), null).entry());
    }

    @ParameterizedTest
    @CsvSource({"src/index.ts", "src/index.tsx", "src/index.js", "src/index.jsx", "index.ts", "index.tsx", "index.js", "index.jsx"})
    void entryDefaultsInOrder(String expected) throws Exception {
        List<String> all = List.of("src/index.ts", "src/index.tsx", "src/index.js", "src/index.jsx", "index.ts", "index.tsx", "index.js", "index.jsx");
        for (String file : all.subList(all.indexOf(expected), all.size())) {
            write(app(), file, "");
        }
        assertEquals(app().resolve(expected), AppFolder.read(app(), null).entry());
    }

    @Test
    void missingEntryListsWhatWasTried() {
        write(app(), "package.json", "{\"main\": \"dist/index.js\"}");
        DeployException e = assertThrows(DeployException.class, () -> AppFolder.read(app(), null));
        assertEquals(app() + ": no entry file; tried dist/index.js (package.json main), src/index.ts, src/index.tsx, src/index.js, "
                + "src/index.jsx, index.ts, index.tsx, index.js, index.jsx; set \"main\" in w7s.json to your entry file", e.getMessage());
    }

    @Test
    void mainThatDoesNotExistIsAnError() {
        DeployException e = fails("{\"main\": \"src/nope.ts\"}");
        assertEquals(app().resolve("w7s.json") + ": main: 'src/nope.ts' does not exist", e.getMessage());
    }

    // ---- owner/repo ----

    @Test
    void repositoryOverrideWins() throws Exception {
        write(app(), "w7s.json", "{\"repository\": \"Other/Thing\"}");
        write(app(), "index.js", "");
        AppFolder folder = AppFolder.read(app(), "GuerreroCarlos/NodePad");
        assertEquals("GuerreroCarlos", folder.owner());
        assertEquals("NodePad", folder.repo());
        assertEquals("GuerreroCarlos/NodePad", folder.repository());
    }

    @Test
    void invalidOverrideIsRefused() {
        write(app(), "index.js", "");
        DeployException e = assertThrows(DeployException.class, () -> AppFolder.read(app(), "acme"));
        assertEquals("--repo: 'acme' is not a GitHub owner/repo", e.getMessage());
    }

    @Test
    void repositoryFromW7sJsonBeatsGitAndFolderName() throws Exception {
        write(app(), "w7s.json", "{\"repository\": \"Other/Thing\"}");
        write(app(), ".git/config", "[remote \"origin\"]\n\turl = https://github.com/git/remote.git\n");
        write(app(), "index.js", "");
        assertEquals("Other/Thing", AppFolder.read(app(), null).repository());
    }

    @ParameterizedTest
    @CsvSource({
            "https://github.com/Octo-Cat/hello.world.git, Octo-Cat/hello.world",
            "https://github.com/octo/hello, octo/hello",
            "https://user@github.com/octo/hello/, octo/hello",
            "git@github.com:octo/hello.git, octo/hello",
            "ssh://git@github.com/octo/hello.git, octo/hello",
    })
    void repositoryFromGitOriginRemote(String url, String expected) throws Exception {
        write(app(), ".git/config", """
                [core]
                \trepositoryformatversion = 0
                [remote "upstream"]
                \turl = https://github.com/someone/else.git
                [remote "origin"]
                \turl = %s
                \tfetch = +refs/heads/*:refs/remotes/origin/*
                [branch "main"]
                \tremote = origin
                """.formatted(url));
        write(app(), "index.js", "");
        assertEquals(expected, AppFolder.read(app(), null).repository());
    }

    @Test
    void repositoryFromAWorktreeWhoseDotGitIsAFile() throws Exception {
        Path main = tmp.resolve("clone");
        write(main, ".git/config", "[remote \"origin\"]\n\turl = git@github.com:octo/tree.git\n");
        write(main, ".git/worktrees/wt/commondir", "../..\n");
        write(app(), ".git", "gitdir: " + main.resolve(".git/worktrees/wt") + "\n");
        write(app(), "index.js", "");
        assertEquals("octo/tree", AppFolder.read(app(), null).repository());
    }

    @Test
    void nonGitHubOriginFallsBackToFolderName() throws Exception {
        write(app(), ".git/config", "[remote \"origin\"]\n  url = https://gitlab.com/x/y.git\n");
        write(app(), "index.js", "");
        assertEquals("acme/api", AppFolder.read(app(), null).repository());
        assertNull(GitRemote.parseGitHubUrl("https://gitlab.com/x/y.git"));
    }

    @Test
    void repositoryFromLastTwoPathSegments() throws Exception {
        write(app(), "index.js", "");
        AppFolder folder = AppFolder.read(app(), null);
        assertEquals("acme", folder.owner());
        assertEquals("api", folder.repo());
    }

    @Test
    void folderNameThatIsNotAGitHubNameIsAnError() {
        Path dir = tmp.resolve("apps/-bad-/api");
        write(dir, "index.js", "");
        DeployException e = assertThrows(DeployException.class, () -> AppFolder.read(dir, null));
        assertTrue(e.getMessage().contains("'-bad-/api' (the folder's last two path segments) is not a GitHub owner/repo"), e.getMessage());
    }

    @Test
    void gitHubNameRules() {
        assertTrue(GitHubNames.isOwner("a"));
        assertTrue(GitHubNames.isOwner("a".repeat(39)));
        assertTrue(!GitHubNames.isOwner("a".repeat(40)));
        assertTrue(!GitHubNames.isOwner("-a") && !GitHubNames.isOwner("a-") && !GitHubNames.isOwner("a_b") && !GitHubNames.isOwner(""));
        assertTrue(GitHubNames.isRepo("a.b_c-d") && GitHubNames.isRepo("r".repeat(100)));
        assertTrue(!GitHubNames.isRepo("r".repeat(101)) && !GitHubNames.isRepo(".") && !GitHubNames.isRepo("..") && !GitHubNames.isRepo("a b"));
    }

    // ---- w7s.json ----

    @Test
    void validSettingsAreRead() throws Exception {
        write(app(), "w7s.json", """
                {"repository": "acme/api", "main": "src/index.ts",
                 "vars": {"GREETING": "hi", "EMPTY": ""},
                 "rpc": {"allow": ["acme", "friends/web"]}, "isolates": 3, "warmup": ["/", "/api/items?limit=1"]}
                """);
        write(app(), "src/index.ts", "");
        AppSettings settings = AppFolder.read(app(), null).settings();
        assertEquals(new AppSettings("src/index.ts", "acme/api", Map.of("GREETING", "hi", "EMPTY", ""), List.of("acme", "friends/web"),
                Map.of(), 3, List.of("/", "/api/items?limit=1")), settings);
    }

    @Test
    void invalidJsonNamesFileLineAndColumn() {
        DeployException e = fails("{\n  \"main\": \"src/index.ts\",\n  \"vars\": {\"A\": 1,}\n}");
        assertTrue(e.getMessage().startsWith(app().resolve("w7s.json") + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains(": invalid JSON: "), e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithTheAllowedKeys() {
        DeployException e = fails("{\"mian\": \"src/index.ts\"}");
        assertEquals(app().resolve("w7s.json") + ": mian: unknown key; allowed keys are repository, main, vars, rpc, limits, isolates, warmup", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"main\": 3}                          | main: must be a string, got a number",
            "{\"main\": \"../other/index.ts\"}      | main: '../other/index.ts' must be a path inside the app folder",
            "{\"main\": \"/etc/index.ts\"}          | main: '/etc/index.ts' must be a path inside the app folder",
            "{\"repository\": \"acme\"}             | repository: 'acme' is not a GitHub owner/repo",
            "{\"repository\": [\"a/b\"]}            | repository: must be a string, got an array",
            "{\"vars\": [\"A\"]}                    | vars: must be an object of names to strings, got an array",
            "{\"vars\": {\"A\": true}}              | vars.A: must be a string, got a boolean",
            "{\"rpc\": [\"acme\"]}                  | rpc: must be an object like { \"allow\": [\"owner\", \"owner/repo\"] }, got an array",
            "{\"rpc\": {\"alow\": []}}              | rpc.alow: unknown key; allowed keys are allow",
            "{\"rpc\": {\"allow\": \"acme\"}}       | rpc.allow: must be an array of \"owner\" or \"owner/repo\" strings, got a string",
            "{\"rpc\": {\"allow\": [\"acme\", 7]}}  | rpc.allow[1]: must be a string, got a number",
            "{\"rpc\": {\"allow\": [\"ok\", \"acme/\"]}} | rpc.allow[1]: 'acme/' is not a GitHub owner or owner/repo",
            "{\"rpc\": {\"allow\": [\"a/b/c\"]}}    | rpc.allow[0]: 'a/b/c' is not a GitHub owner or owner/repo",
            "[1]                                    | must be a JSON object ({ … })",
            "{\"limits\": 5}                        | limits: must be an object like { \"cpu_ms\": 5000 } with keys cpu_ms, wall_ms, memory_mb, subrequests, got a number",
            "{\"limits\": {\"cpu\": 5}}             | limits.cpu: unknown key; allowed keys are cpu_ms, wall_ms, memory_mb, subrequests",
            "{\"limits\": {\"cpu_ms\": 1.5}}        | limits.cpu_ms: must be a whole number above 0, got 1.5",
            "{\"limits\": {\"memory_mb\": 0}}       | limits.memory_mb: must be a whole number above 0, got 0",
            "{\"limits\": {\"wall_ms\": \"30\"}}    | limits.wall_ms: must be a whole number above 0, got a string",
            "{\"isolates\": 0}                      | isolates: must be a whole number from 1 to 64, got 0",
            "{\"isolates\": 2.5}                    | isolates: must be a whole number from 1 to 64, got 2.5",
            "{\"isolates\": \"4\"}                  | isolates: must be a whole number from 1 to 64, got a string",
            "{\"isolates\": 65}                     | isolates: 65 is over the host's maximum of 64",
            "{\"warmup\": \"/\"}                    | warmup: must be an array of paths such as [\"/\", \"/api/items\"], got a string",
            "{\"warmup\": [\"/\", \"api\"]}           | warmup[1]: must be a path starting with a single /, without spaces or fragment, got 'api'",
            "{\"warmup\": [\"//evil.example/\"]}    | warmup[0]: must be a path starting with a single /, without spaces or fragment, got '//evil.example/'",
            "{\"warmup\": [\"/a b\"]}               | warmup[0]: must be a path starting with a single /, without spaces or fragment, got '/a b'",
            "{\"warmup\": [1]}                      | warmup[0]: must be a path starting with a single /, without spaces or fragment, got a number",
            "{\"warmup\": [\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\",\"/\"]} | warmup: 17 paths; at most 16 are allowed",
    })
    void wrongTypesAndValuesAreExplained(String json, String expected) {
        DeployException e = fails(json.strip());
        assertEquals(app().resolve("w7s.json") + ": " + expected.strip(), e.getMessage());
    }

    // ---- discover ----

    @Test
    void discoverAnAppFolderReturnsItself() throws Exception {
        write(app(), "package.json", "{}");
        assertEquals(List.of(app()), AppFolders.discover(app()));
    }

    @Test
    void discoverAFolderOfOwnerRepoFoldersReturnsThemSorted() throws Exception {
        Path apps = tmp.resolve("apps");
        write(apps, "zed/web/w7s.json", "{}");
        write(apps, "acme/web/index.ts", "");
        write(apps, "acme/api/src/index.js", "");
        write(apps, "acme/notes/README.md", "not an app");
        write(apps, ".git/x/config", "");
        assertEquals(List.of(apps.resolve("acme/api"), apps.resolve("acme/web"), apps.resolve("zed/web")), AppFolders.discover(apps));
    }

    @Test
    void discoverAFolderOfAppFoldersSideBySideReturnsThemNotTheirSubfolders() throws Exception {
        Path work = tmp.resolve("work");
        write(work, "hello/w7s.json", "{}");
        write(work, "hello/src/index.ts", "");
        write(work, "greeter/src/index.ts", "");
        write(work, "me/api/index.js", "");
        assertEquals(List.of(work.resolve("greeter"), work.resolve("hello"), work.resolve("me/api")), AppFolders.discover(work));
    }

    @Test
    void discoverSomethingElseSaysWhatWasExpected() {
        Path empty = tmp.resolve("empty/acme/api");
        write(empty, "README.md", "");
        DeployException e = assertThrows(DeployException.class, () -> AppFolders.discover(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("expected an app folder (with w7s.json, package.json, src/index.ts, src/index.tsx, src/index.js, "
                + "src/index.jsx, index.ts, index.tsx, index.js, index.jsx), a folder of app folders, or a folder of <owner>/<repo> app folders"),
                e.getMessage());
        assertThrows(DeployException.class, () -> AppFolders.discover(tmp.resolve("missing")));
    }
}
