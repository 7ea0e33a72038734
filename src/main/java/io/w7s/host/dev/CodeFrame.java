package io.w7s.host.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines around the first {@code file:line:col} an error message names, with a caret under the
 * column, as Babel and esbuild show them: the developer sees the mistake without opening the file.
 */
final class CodeFrame {
    private static final Pattern POSITION = Pattern.compile("([\\w./@+-]+\\.(?:[cm]?[jt]sx?|json)):(\\d+):(\\d+)");
    private static final int CONTEXT = 2;

    private CodeFrame() {
    }

    /** The frame for the first position in {@code message} of a file under {@code folder}, or "" when there is none. */
    static String of(Path folder, String message) {
        Matcher m = POSITION.matcher(message);
        while (m.find()) {
            Path file = folder.resolve(m.group(1)).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) continue;
            try {
                return render(Files.readAllLines(file, StandardCharsets.UTF_8), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (IOException | NumberFormatException e) {
                return "";
            }
        }
        return "";
    }

    static String render(List<String> lines, int line, int column) {
        if (line < 1 || line > lines.size()) return "";
        int first = Math.max(1, line - CONTEXT);
        int last = Math.min(lines.size(), line + CONTEXT);
        int width = String.valueOf(last).length();
        StringBuilder sb = new StringBuilder();
        for (int n = first; n <= last; n++) {
            String text = lines.get(n - 1).replace('\t', ' ');
            sb.append(n == line ? "> " : "  ").append(String.format("%" + width + "d", n)).append(" | ").append(text).append('\n');
            if (n == line) {
                sb.append("  ").append(" ".repeat(width)).append(" | ")
                        .append(" ".repeat(Math.max(0, Math.min(column, text.length() + 1) - 1))).append("^\n");
            }
        }
        return sb.toString();
    }
}
