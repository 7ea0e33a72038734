package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Packages {@link PackageBundler} combined, by the hash of their inputs: in memory for the host (the same
 * package in another deployment costs nothing) and in the compile cache (a restart runs no esbuild).
 * A package's outputs are keyed by their path relative to the package folder.
 */
final class CombinedPackages {
    private static final Logger LOG = Logger.getLogger(CombinedPackages.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@link #get} answers for a package known not to combine (said once, not tried again). */
    static final Map<Path, CompiledModule> NOT_COMBINED = new LinkedHashMap<>();
    private static final Map<String, Map<Path, CompiledModule>> MEMORY = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Path, CompiledModule>> eldest) {
            return size() > 32;
        }
    };

    private CombinedPackages() {
    }

    /** The outputs stored under {@code hash}, {@link #NOT_COMBINED}, or null when nothing is known. */
    static Map<Path, CompiledModule> get(String hash, CompileCache disk) {
        Map<Path, CompiledModule> outputs;
        synchronized (MEMORY) {
            outputs = MEMORY.get(hash);
        }
        if (outputs == null && disk != null) {
            outputs = fromBytes(disk.readBundle(hash));
            if (outputs != null) {
                remember(hash, outputs);
            }
        }
        return outputs;
    }

    /** Keeps a package's outputs in memory and, with {@code disk}, across restarts. */
    static void put(String hash, Map<Path, CompiledModule> outputs, CompileCache disk) throws IOException {
        remember(hash, outputs);
        if (disk != null) {
            disk.writeBundle(hash, toBytes(outputs));
        }
    }

    /** Remembers, for this host's life, that the package does not combine. */
    static void notCombined(String hash) {
        remember(hash, NOT_COMBINED);
    }

    private static void remember(String hash, Map<Path, CompiledModule> outputs) {
        synchronized (MEMORY) {
            MEMORY.put(hash, outputs);
        }
    }

    /** A combined package as the disk cache keeps it: its outputs' paths, code, mappings and source names. */
    private static byte[] toBytes(Map<Path, CompiledModule> outputs) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        outputs.forEach((path, module) -> entries.add(Map.of("path", ModuleException.slashes(path), "code", module.code(),
                "mappings", module.sourceMap().mappings(), "sources", module.sourceMap().sources())));
        return JSON.writeValueAsBytes(entries);
    }

    /** {@link #toBytes} read back; null when there is nothing to read or it cannot be read. */
    private static Map<Path, CompiledModule> fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            Map<Path, CompiledModule> outputs = new LinkedHashMap<>();
            for (JsonNode entry : JSON.readTree(bytes)) {
                List<String> sources = new ArrayList<>();
                entry.get("sources").forEach(source -> sources.add(source.asText()));
                outputs.put(Path.of(entry.get("path").asText()), new CompiledModule(entry.get("code").asText(),
                        SourceMap.of(entry.get("mappings").asText(), sources), List.of()));
            }
            return outputs;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring an unreadable combined package in the compile cache", e);
            return null;
        }
    }
}
