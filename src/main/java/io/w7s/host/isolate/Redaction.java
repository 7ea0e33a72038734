package io.w7s.host.isolate;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hides secret values in what an app logs: an app that prints a secret, or throws an error whose
 * message holds one, must not put it into the host log. Each value becomes {@code [secret NAME]}.
 */
final class Redaction {
    /** Shorter values are left alone: replacing "1" or "on" everywhere would garble every log line. */
    static final int MIN_LENGTH = 4;
    static final Redaction NONE = new Redaction(List.of());

    private record Hidden(String value, String replacement) {
    }

    private final List<Hidden> hidden;

    private Redaction(List<Hidden> hidden) {
        this.hidden = hidden;
    }

    /** @param secretNames the names of {@code env} whose values are secret */
    static Redaction of(Map<String, String> env, java.util.Set<String> secretNames) {
        return new Redaction(secretNames.stream()
                .filter(name -> env.get(name) != null && env.get(name).length() >= MIN_LENGTH)
                .map(name -> new Hidden(env.get(name), "[secret " + name + "]"))
                .sorted(Comparator.comparingInt((Hidden h) -> h.value().length()).reversed()) // a value inside a longer one goes last
                .toList());
    }

    String apply(String text) {
        for (Hidden h : hidden) {
            if (text.contains(h.value())) text = text.replace(h.value(), h.replacement());
        }
        return text;
    }
}
