package io.w7s.host.module;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A compiled module's source map written into its code, as {@code ts-node} and {@code tsc --inlineSourceMap}
 * do, for the Chrome inspector: DevTools reads the {@code sourceMappingURL} comment and shows the original
 * file from {@code sourcesContent}, so nothing has to be fetched from the host.
 *
 * <p>The map names the original by its file name, as those tools do, under a {@code sourceRoot} that is the
 * folder the file really is in: GraalJS loads the generated code at the file's path in the app
 * ({@code /src/index.ts}, see {@link ModuleGraph#APP_ROOT}), while DevTools shows (and can map to a
 * workspace) the .ts file where the developer has it.
 */
final class InlineSourceMap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InlineSourceMap() {
    }

    /** {@code module} with its source map appended as a last line (no line moves); as it was when it has none. */
    static CompiledModule append(Path file, String original, CompiledModule module) {
        if (module.sourceMap() == null) return module; // plain JavaScript keeps its lines: nothing to map
        ObjectNode map = JSON.createObjectNode();
        map.put("version", 3);
        map.put("file", file.getFileName().toString());
        map.put("sourceRoot", file.getParent().toUri().toString());
        map.putArray("sources").add(file.getFileName().toString());
        map.putArray("sourcesContent").add(original);
        map.putArray("names");
        map.put("mappings", module.sourceMap().mappings());
        String base64 = Base64.getEncoder().encodeToString(map.toString().getBytes(StandardCharsets.UTF_8));
        String code = module.code() + (module.code().endsWith("\n") ? "" : "\n")
                + "//# sourceMappingURL=data:application/json;charset=utf-8;base64," + base64 + "\n";
        return new CompiledModule(code, module.sourceMap(), module.imports(), module.sites(), module.commonJs(), module.commonJsExports());
    }
}
