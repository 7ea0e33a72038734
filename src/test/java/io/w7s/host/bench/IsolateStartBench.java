package io.w7s.host.bench;

import io.w7s.host.deploy.AppFolder;
import io.w7s.host.isolate.Isolate;
import io.w7s.host.isolate.IsolateSpec;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.module.ModuleGraph;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Time to create one more isolate on a warm engine (context + runtime + app module, ready to serve),
 * and its first request. Usage: IsolateStartBench [APP_DIR] [N].
 */
public final class IsolateStartBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/apps/bench/hello").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        AppFolder app = AppFolder.read(dir, null);
        ModuleGraph graph = ModuleGraph.load(app.root(), app.entry(), new TypeScriptCompiler());
        try (JsEngine engine = new JsEngine()) {
            System.out.println(engine.jitStatus());
            IsolateSpec spec = new IsolateSpec("bench/hello@production", graph.entrySource(), "index.js",
                    graph.fileSystem(), Map.of(), io.w7s.host.isolate.SourceMapper.IDENTITY, io.w7s.host.isolate.RpcGateway.NONE);
            WebRequest request = new WebRequest("GET", "http://hello.bench.localhost/", Headers.empty(), null);
            double[] startMs = new double[n];
            double[] firstMs = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Isolate isolate = Isolate.start(engine, spec);
                long t1 = System.nanoTime();
                isolate.handle(request, 0).join();
                long t2 = System.nanoTime();
                isolate.close();
                startMs[i] = (t1 - t0) / 1e6;
                firstMs[i] = (t2 - t1) / 1e6;
            }
            report("isolate start", startMs);
            report("first request", firstMs);
        }
    }

    private static void report(String what, double[] ms) {
        double[] last = Arrays.copyOfRange(ms, ms.length / 2, ms.length);
        Arrays.sort(last);
        System.out.printf("%s (warm, last %d of %d): p50 %.2f ms, p90 %.2f ms, min %.2f ms%n", what, last.length, ms.length,
                last[last.length / 2], last[(int) (last.length * 0.9)], last[0]);
    }
}
