package io.w7s.host.isolate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Source;

/**
 * The JavaScript runtime bundles built from {@code runtime/} (see runtime/build.mjs), as cached
 * {@link Source}s: the same Source object in every context lets the shared engine parse it once.
 */
final class RuntimeSources {
    private static final Map<String, Source> CACHE = new ConcurrentHashMap<>();

    private RuntimeSources() {
    }

    /** The bootstrap script evaluated first in every isolate. */
    static Source main() {
        return load("main");
    }

    /** A bundle installed on first use (e.g. {@code url}); its completion value is its exports. */
    static Source lazy(String name) {
        if (!name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("bad runtime module name: " + name);
        return load("lazy/" + name);
    }

    private static Source load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            String resource = "w7s/runtime/" + n + ".js";
            try (InputStream in = RuntimeSources.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("runtime bundle " + resource
                            + " is missing from the class path: build the project with 'mvn package' (it runs runtime/build.mjs)");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return Source.newBuilder("js", text, "w7s:" + n + ".js").cached(true).buildLiteral();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
