package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The .dev.vars dotenv syntax, and errors that name file:line but never quote a value. */
class DevVarsFileTest {
    static final Path FILE = Path.of("app/.dev.vars");

    static Map<String, String> parse(String text) throws DeployException {
        Map<String, String> values = new LinkedHashMap<>();
        DevVarsFile.parse(FILE, text.lines().toList()).forEach((name, secret) -> values.put(name, secret.value()));
        return values;
    }

    @Test
    void readsBareQuotedAndCommentedValues() throws Exception {
        assertEquals(Map.of(
                "BARE", "abc def",
                "DOUBLE", "a \"b\"\n#not a comment",
                "SINGLE", "raw \\n stays",
                "EMPTY", "",
                "EXPORTED", "x",
                "WITH_EQUALS", "a=b=c"), parse("""
                # a comment, then a blank line

                BARE = abc def   # trailing comment
                DOUBLE="a \\"b\\"\\n#not a comment"  # comment
                SINGLE='raw \\n stays'
                EMPTY=
                export EXPORTED=x
                WITH_EQUALS=a=b=c
                """));
    }

    @Test
    void keepsFileOrderAndSaysWhereEachCameFrom() throws Exception {
        var secrets = DevVarsFile.parse(FILE, List.of("B=1", "", "A=2"));
        assertEquals(List.of("B", "A"), List.copyOf(secrets.keySet()));
        assertEquals(FILE + ":3", secrets.get("A").source());
    }

    @Test
    void secretToStringHasNoValue() throws Exception {
        var s = DevVarsFile.parse(FILE, List.of("TOKEN=hunter2-value")).get("TOKEN");
        assertFalse(s.toString().contains("hunter2-value"), s.toString());
    }

    @Test
    void badLinesNameFileAndLineButNotTheValue() {
        assertError("A=1\nthis-is-secret-text\n", FILE + ":2:", "this-is-secret-text");
        assertError("A=1\n\n9X=secret-value\n", FILE + ":3:", "secret-value");
        assertError("A=\"secret-value\n", FILE + ":1:", "secret-value");
        assertError("A='secret-value' junk\n", FILE + ":1:", "secret-value");
        assertError("A=1\nA=secret-value\n", FILE + ":2: A is already set on line 1", "secret-value");
        assertError("W7S_TOKEN=secret-value\n", FILE + ":1: W7S_TOKEN: names starting with W7S_ are reserved", "secret-value");
    }

    static void assertError(String text, String expected, String hidden) {
        DeployException e = assertThrows(DeployException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertFalse(e.getMessage().contains(hidden), e.getMessage());
    }

    @Test
    void hostSecretsKeepOnlyTheirPrefixAndMapOwnerAndRepoNames() {
        assertEquals("W7S_SECRET_ACME_MY_API_V2_", HostSecrets.prefix("acme", "my-api.v2"));
        assertEquals("W7S_SECRET_ACME_CO_API_", HostSecrets.prefix("Acme-Co", "api"));
        HostSecrets secrets = HostSecrets.of(Map.of(
                "W7S_SECRET_ACME_API_TOKEN", "t0ken-value",
                "W7S_SECRET_ACME_API_", "no-name",
                "W7S_SECRET_OTHER_API_TOKEN", "other",
                "PATH", "/usr/bin"));
        var forApp = secrets.forApp("acme", "api");
        assertEquals(List.of("TOKEN"), List.copyOf(forApp.keySet()));
        assertEquals("t0ken-value", forApp.get("TOKEN").value());
        assertFalse(secrets.toString().contains("t0ken-value"), secrets.toString());
        assertFalse(secrets.toString().contains("PATH"), secrets.toString());
    }
}
