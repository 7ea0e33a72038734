package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded source map (version 3) of one generated file with one original source.
 * Decodes the Base64-VLQ "mappings" itself because swc4j's own decoder throws on empty lines (";;").
 */
public final class SourceMap {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int[] BASE64 = new int[128];

    static {
        Arrays.fill(BASE64, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            BASE64[ALPHABET.charAt(i)] = i;
        }
    }

    /** Per generated line (0-based): segments as {generatedColumn, originalLine, originalColumn}, all 0-based, sorted by column. */
    private final List<int[][]> lines;

    private SourceMap(List<int[][]> lines) {
        this.lines = lines;
    }

    public static SourceMap parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a source map", e);
        }
        JsonNode mappings = root.get("mappings");
        if (mappings == null || !mappings.isTextual()) {
            throw new IllegalArgumentException("source map has no \"mappings\" string");
        }
        return ofMappings(mappings.asText());
    }

    /** From a "mappings" string alone (what {@link #mappings()} gives), e.g. read back from the compile cache. */
    static SourceMap ofMappings(String mappings) {
        return new SourceMap(decode(mappings));
    }

    /**
     * The decoded segments encoded again as a "mappings" string (source index 0, no names): what the
     * compile cache stores, since only the decoded form is kept in memory. {@code ofMappings(mappings())}
     * equals this map.
     */
    String mappings() {
        StringBuilder out = new StringBuilder();
        int originalLine = 0;
        int originalColumn = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(';');
            }
            int generatedColumn = 0;
            int[][] segments = lines.get(i);
            for (int s = 0; s < segments.length; s++) {
                if (s > 0) {
                    out.append(',');
                }
                int[] segment = segments[s];
                vlq(out, segment[0] - generatedColumn);
                vlq(out, 0);
                vlq(out, segment[1] - originalLine);
                vlq(out, segment[2] - originalColumn);
                generatedColumn = segment[0];
                originalLine = segment[1];
                originalColumn = segment[2];
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SourceMap map) || map.lines.size() != lines.size()) {
            return false;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!Arrays.deepEquals(lines.get(i), map.lines.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int[][] line : lines) {
            hash = 31 * hash + Arrays.deepHashCode(line);
        }
        return hash;
    }

    /** 1-based generated line/column -> original position (1-based), or null when unmapped. */
    public Position original(int line, int column) {
        if (line < 1 || line > lines.size()) {
            return null;
        }
        int[][] segments = lines.get(line - 1);
        int[] best = null;
        for (int[] segment : segments) {
            if (segment[0] <= column - 1) {
                best = segment;
            } else {
                break;
            }
        }
        if (best == null && segments.length > 0) {
            best = segments[0]; // column before the first mapping on the line: the line's first mapping is the best guess
        }
        return best == null ? null : new Position(best[1] + 1, best[2] + 1);
    }

    /** The original position of a generated line when no column is known: its first mapping. */
    public Position original(int line) {
        return original(line, 1);
    }

    private static void vlq(StringBuilder out, int value) {
        int rest = value < 0 ? ((-value) << 1) | 1 : value << 1;
        do {
            int digit = rest & 31;
            rest >>>= 5;
            out.append(ALPHABET.charAt(rest != 0 ? digit | 32 : digit));
        } while (rest != 0);
    }

    private static List<int[][]> decode(String mappings) {
        List<int[][]> result = new ArrayList<>();
        int[] state = new int[5]; // genCol (reset per line), source, origLine, origCol, name
        List<int[]> current = new ArrayList<>();
        int i = 0;
        int n = mappings.length();
        while (i <= n) {
            if (i == n || mappings.charAt(i) == ';') {
                current.sort((a, b) -> Integer.compare(a[0], b[0]));
                result.add(current.toArray(new int[0][]));
                current = new ArrayList<>();
                state[0] = 0;
                i++;
                continue;
            }
            if (mappings.charAt(i) == ',') {
                i++;
                continue;
            }
            int[] fields = new int[5];
            int count = 0;
            while (i < n && mappings.charAt(i) != ',' && mappings.charAt(i) != ';') {
                int value = 0;
                int shift = 0;
                boolean more;
                do {
                    char c = mappings.charAt(i++);
                    int digit = c < 128 ? BASE64[c] : -1;
                    if (digit < 0) {
                        throw new IllegalArgumentException("invalid Base64-VLQ character '" + c + "' in source map");
                    }
                    more = (digit & 32) != 0;
                    value += (digit & 31) << shift;
                    shift += 5;
                } while (more && i < n);
                int decoded = (value & 1) == 1 ? -(value >>> 1) : value >>> 1;
                if (count < 5) {
                    fields[count] = decoded;
                }
                count++;
            }
            for (int f = 0; f < Math.min(count, 5); f++) {
                state[f] += fields[f];
            }
            if (count >= 4) { // segments of 1 field map to nothing
                current.add(new int[] {state[0], state[2], state[3]});
            }
        }
        return result;
    }
}
