package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded source map (version 3) of one generated file: of one original source (a transpiled module),
 * or of several with their names (a bundle of a package's modules, {@link PackageBundler}).
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

    /**
     * Per generated line (0-based): segments as {generatedColumn, originalLine, originalColumn, source}, all
     * 0-based, sorted by column.
     */
    private final List<int[][]> lines;
    /** The original sources' names by index, when the map is of several; empty for a map of one file. */
    private final List<String> sources;

    private SourceMap(List<int[][]> lines, List<String> sources) {
        this.lines = lines;
        this.sources = List.copyOf(sources);
    }

    public static SourceMap parse(String json) {
        return ofMappings(mappingsOf(readTree(json)));
    }

    /** A map of several sources, their names (the map's "sources") given by {@code rename}. */
    static SourceMap withSources(String json, java.util.function.UnaryOperator<String> rename) {
        JsonNode root = readTree(json);
        List<String> names = new ArrayList<>();
        JsonNode sources = root.get("sources");
        if (sources != null) {
            sources.forEach(source -> names.add(rename.apply(source.asText())));
        }
        return new SourceMap(decode(mappingsOf(root)), names);
    }

    /** From {@link #mappings()} and {@link #sources()} of a map of several sources, e.g. read back from the compile cache. */
    static SourceMap of(String mappings, List<String> sources) {
        return new SourceMap(decode(mappings), sources);
    }

    /** From a "mappings" string alone (what {@link #mappings()} gives), e.g. read back from the compile cache. */
    static SourceMap ofMappings(String mappings) {
        return new SourceMap(decode(mappings), List.of());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a source map", e);
        }
    }

    private static String mappingsOf(JsonNode root) {
        JsonNode mappings = root.get("mappings");
        if (mappings == null || !mappings.isTextual()) {
            throw new IllegalArgumentException("source map has no \"mappings\" string");
        }
        return mappings.asText();
    }

    /** The names of the original sources, when this maps several (in the order of the map's "sources"); else empty. */
    List<String> sources() {
        return sources;
    }

    /**
     * The decoded segments encoded again as a "mappings" string (no names): what the
     * compile cache stores, since only the decoded form is kept in memory. {@code ofMappings(mappings())}
     * equals this map.
     */
    String mappings() {
        StringBuilder out = new StringBuilder();
        int originalLine = 0;
        int originalColumn = 0;
        int source = 0;
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
                vlq(out, segment[3] - source);
                vlq(out, segment[1] - originalLine);
                vlq(out, segment[2] - originalColumn);
                generatedColumn = segment[0];
                originalLine = segment[1];
                originalColumn = segment[2];
                source = segment[3];
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
        int[] segment = segmentAt(line, column);
        return segment == null ? null : new Position(segment[1] + 1, segment[2] + 1);
    }

    /** The name of the original source at a 1-based generated position, or null when unmapped or this maps one unnamed file. */
    String sourceAt(int line, int column) {
        int[] segment = segmentAt(line, column);
        return segment == null || segment[3] >= sources.size() ? null : sources.get(segment[3]);
    }

    private int[] segmentAt(int line, int column) {
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
        return best;
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
                current.add(new int[] {state[0], state[2], state[3], state[1]});
            }
        }
        return result;
    }
}
