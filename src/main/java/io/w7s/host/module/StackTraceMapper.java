package io.w7s.host.module;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns positions in the JavaScript GraalJS ran back into positions in the files the author wrote:
 * "/src/index.ts:31:9" (a line of transpiled code, at its path in the app) becomes "src/index.ts:12:5".
 */
final class StackTraceMapper {
    private final Map<String, CompiledModule> byPath = new HashMap<>();
    private final Pattern positions;

    /** @param modules by their path in the app ({@link ModuleGraph#APP_ROOT}) */
    StackTraceMapper(Map<Path, CompiledModule> modules) {
        modules.forEach((path, module) -> byPath.put(path.toString(), module));
        // Longest paths first so "/a/x.ts" never matches the front of "/a/x.tsx"-like names; a path only
        // where one starts, so "https://example.com/index.js:1:2" in a message is left alone.
        String alternatives = byPath.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        this.positions = byPath.isEmpty() ? null
                : Pattern.compile("(?<![\\w.:/-])(?:file://)?(" + alternatives + "):(\\d+)(?::(\\d+))?");
    }

    String map(String text) {
        if (text == null || positions == null) {
            return text;
        }
        Matcher m = positions.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(2));
            Integer column = m.group(3) == null ? null : Integer.valueOf(m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(describe(m.group(1), line, column)));
        }
        m.appendTail(out);
        return out.toString();
    }

    String describe(String sourcePath, int line, int column) {
        return describe(sourcePath, line, Integer.valueOf(column));
    }

    private String describe(String sourcePath, int line, Integer column) {
        String path = sourcePath != null && sourcePath.startsWith("file://") ? sourcePath.substring("file://".length()) : sourcePath;
        CompiledModule module = path == null ? null : byPath.get(path);
        if (module == null) {
            return sourcePath + ":" + line + (column == null ? "" : ":" + column);
        }
        String relative = ModuleException.slashes(ModuleGraph.APP_ROOT.relativize(Path.of(path)));
        if (module.sourceMap() == null) {
            return relative + ":" + line + (column == null ? "" : ":" + column);
        }
        Position original = module.sourceMap().original(line, column == null ? 1 : column);
        if (original == null) {
            return relative + ":" + line + (column == null ? "" : ":" + column) + " (generated)";
        }
        String source = module.sourceMap().sourceAt(line, column == null ? 1 : column); // in a package's bundle: the file
        return (source != null ? source : relative) + ":" + original.line() + (column == null ? "" : ":" + original.column());
    }
}
