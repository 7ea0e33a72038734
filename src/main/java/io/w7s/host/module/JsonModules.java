package io.w7s.host.module;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON modules: GraalJS itself parses a {@code .json} file imported {@code with { type: "json" }}
 * into a module whose default export is the value; here we only check at deploy time that it is JSON.
 */
final class JsonModules {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonModules() {
    }

    static CompiledModule check(Path relative, String source) throws ModuleException {
        try {
            STRICT.readTree(source);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw new ModuleException(relative, line, column, "invalid JSON: " + e.getOriginalMessage());
        }
        if (source.isBlank()) {
            throw new ModuleException(relative, 1, 1, "invalid JSON: the file is empty");
        }
        return new CompiledModule(source, null, List.of());
    }
}
