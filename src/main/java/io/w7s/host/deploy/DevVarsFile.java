package io.w7s.host.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an app's {@code .dev.vars} (dotenv syntax): {@code NAME=value} lines, values bare, in
 * {@code "double"} or {@code 'single'} quotes, {@code #} comments, blank lines. Its values are
 * secrets: no error message ever quotes a line, only the file, the line number and the name.
 */
final class DevVarsFile {
    static final String NAME = ".dev.vars";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DevVarsFile() {
    }

    /** The secrets of {@code appFolder}'s .dev.vars in file order; empty when there is no such file. */
    static Map<String, Secret> read(Path appFolder) throws DeployException {
        Path file = appFolder.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new DeployException(file + ": cannot read: " + e.getClass().getSimpleName());
        }
    }

    static Map<String, Secret> parse(Path file, List<String> lines) throws DeployException {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring("export ".length()).strip(); // shell-style files
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new DeployException(file + ":" + lineNo + ": expected NAME=value (the line has no '=')");
            }
            String name = line.substring(0, eq).strip();
            if (!KEY.matcher(name).matches()) {
                throw new DeployException(file + ":" + lineNo + ": the name before '=' must be letters, digits and '_', not starting with a digit");
            }
            if (name.startsWith("W7S_")) {
                throw new DeployException(file + ":" + lineNo + ": " + name + ": names starting with W7S_ are reserved for the platform's bindings");
            }
            Integer earlier = firstLine.putIfAbsent(name, lineNo);
            if (earlier != null) {
                throw new DeployException(file + ":" + lineNo + ": " + name + " is already set on line " + earlier);
            }
            secrets.put(name, new Secret(name, value(file, lineNo, name, line.substring(eq + 1).strip()), file + ":" + lineNo));
        }
        return secrets;
    }

    private static String value(Path file, int lineNo, String name, String raw) throws DeployException {
        if (raw.isEmpty()) return "";
        char quote = raw.charAt(0);
        if (quote != '"' && quote != '\'') {
            int comment = raw.indexOf(" #");
            return (comment < 0 ? raw : raw.substring(0, comment)).strip();
        }
        StringBuilder value = new StringBuilder();
        int i = 1;
        for (; i < raw.length() && raw.charAt(i) != quote; i++) {
            char c = raw.charAt(i);
            if (quote == '"' && c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next; // \" \\ and anything else stand for themselves
                });
            } else {
                value.append(c);
            }
        }
        if (i >= raw.length()) {
            throw new DeployException(file + ":" + lineNo + ": " + name + ": the value's opening " + quote + " is never closed on this line");
        }
        String rest = raw.substring(i + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new DeployException(file + ":" + lineNo + ": " + name + ": unexpected text after the closing " + quote + " (only a # comment may follow)");
        }
        return value.toString();
    }
}
