package io.w7s.host.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * An ordered list of HTTP header fields, names lower-cased, repeated names kept as separate
 * entries (so several {@code set-cookie} fields survive). Immutable once built.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    /** name0, value0, name1, value1, ... */
    private final String[] flat;

    private Headers(String[] flat) {
        this.flat = flat;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Wraps a flat name/value array; names must already be lower case. */
    public static Headers ofFlat(String[] flat) {
        if (flat.length % 2 != 0) throw new IllegalArgumentException("odd header array");
        return new Headers(flat);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return flat.length / 2;
    }

    public String name(int i) {
        return flat[2 * i];
    }

    public String value(int i) {
        return flat[2 * i + 1];
    }

    /** The first value of {@code name} (lower case), or null. */
    public String first(String name) {
        for (int i = 0; i < flat.length; i += 2) {
            if (flat[i].equals(name)) return flat[i + 1];
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < flat.length; i += 2) {
            if (flat[i].equals(name)) values.add(flat[i + 1]);
        }
        return values;
    }

    /** A copy without the fields whose (lower-case) name matches. */
    public Headers without(Predicate<String> name) {
        Builder b = builder();
        for (int i = 0; i < flat.length; i += 2) {
            if (!name.test(flat[i])) b.add(flat[i], flat[i + 1]);
        }
        return b.build();
    }

    /**
     * All names and values joined by {@code \n} ({@code name0\nvalue0\nname1...}): how header lists
     * cross into JavaScript as one string instead of one interop call per element. HTTP field
     * names and values never contain a line feed.
     */
    public String joined() {
        return String.join("\n", flat);
    }

    /** The inverse of {@link #joined()}; names must already be lower case. */
    public static Headers fromJoined(String joined) {
        if (joined.isEmpty()) return EMPTY;
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = joined.indexOf('\n'); i >= 0; i = joined.indexOf('\n', start)) {
            parts.add(joined.substring(start, i));
            start = i + 1;
        }
        parts.add(joined.substring(start));
        return ofFlat(parts.toArray(String[]::new));
    }

    /** The flat array; callers must not modify it. */
    public String[] flat() {
        return flat;
    }

    public Builder toBuilder() {
        Builder b = builder();
        for (int i = 0; i < flat.length; i += 2) b.add(flat[i], flat[i + 1]);
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < flat.length; i += 2) {
            if (i > 0) sb.append(", ");
            sb.append(flat[i]).append(": ").append(flat[i + 1]);
        }
        return sb.append('}').toString();
    }

    public static final class Builder {
        private final List<String> flat = new ArrayList<>();

        public Builder add(String name, String value) {
            flat.add(name.toLowerCase(Locale.ROOT));
            flat.add(value);
            return this;
        }

        public Headers build() {
            return new Headers(flat.toArray(String[]::new));
        }
    }
}
