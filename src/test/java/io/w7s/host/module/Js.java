package io.w7s.host.module;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/** Runs a module graph in GraalJS the way the host does. */
final class Js {
    private static final Engine ENGINE = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();

    private Js() {
    }

    static Context context(ModuleGraph graph) {
        return Context.newBuilder("js")
                .engine(ENGINE)
                .allowIO(IOAccess.newBuilder().fileSystem(graph.fileSystem()).build())
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(c -> false)
                .option("js.esm-eval-returns-exports", "true")
                .build();
    }

    /** The entry's default export, serialized as JSON. */
    static String defaultExportJson(ModuleGraph graph) {
        try (Context context = context(graph)) {
            Value ns = context.eval(graph.entrySource());
            return context.eval("js", "(v) => JSON.stringify(v)").execute(ns.getMember("default")).asString();
        }
    }
}
