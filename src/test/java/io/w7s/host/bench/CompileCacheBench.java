package io.w7s.host.bench;

import io.w7s.host.deploy.AppFolder;
import io.w7s.host.deploy.AppFolders;
import io.w7s.host.module.CompileCache;
import io.w7s.host.module.ModuleGraph;
import io.w7s.host.module.TypeScriptCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Time to load the module graphs of app folders in a fresh JVM, as a host start does, with the compile
 * cache in CACHE_DIR or without one ("none"). Run it once on an empty folder (cold), again on the
 * filled one (warm), and with "none" (today's start: every file compiled in memory).
 * The second load in the same JVM shows the in-memory cache ({@code -Drounds=N}: N more loads, the median of the
 * last half, i.e. with warm code). Usage: CompileCacheBench CACHE_DIR|none DIR...
 */
public final class CompileCacheBench {
    public static void main(String[] args) throws Exception {
        long jvmStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
        TypeScriptCompiler compiler = args[0].equals("none") ? new TypeScriptCompiler() : new TypeScriptCompiler(new CompileCache(Path.of(args[0])));
        List<AppFolder> apps = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            for (Path folder : AppFolders.discover(Path.of(args[i]).toAbsolutePath())) {
                apps.add(AppFolder.read(folder, null));
            }
        }
        // A graph's files become polyglot Sources: load those classes first (a host does it while its
        // engine starts), so the time below is resolving and compiling.
        org.graalvm.polyglot.Source.newBuilder("js", "1", "warm-up.js").buildLiteral();
        long t0 = System.nanoTime();
        int modules = 0;
        for (AppFolder app : apps) {
            long a = System.nanoTime();
            ModuleGraph graph = ModuleGraph.load(app.root(), app.entry(), compiler);
            modules += graph.files();
            System.out.printf("  %-60s %4d modules %8.1f ms%n", app.root().getFileName(), graph.files(), (System.nanoTime() - a) / 1e6);
        }
        long first = System.nanoTime() - t0;
        long sinceJvmStart = System.currentTimeMillis() - jvmStart;
        // Loading again in the same JVM: -Drounds=N repeats it and reports the median of the last half (warm code).
        int rounds = Integer.getInteger("rounds", 1);
        long[] again = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t1 = System.nanoTime();
            for (AppFolder app : apps) {
                ModuleGraph.load(app.root(), app.entry(), compiler);
            }
            again[r] = System.nanoTime() - t1;
        }
        long[] warm = java.util.Arrays.copyOfRange(again, rounds / 2, rounds);
        java.util.Arrays.sort(warm);
        System.out.printf("cache=%s: %d apps, %d modules, %d compiled, swc4j started: %s; load %.0f ms (JVM start to loaded: %d ms); again in the same JVM %.0f ms"
                        + " (median of the last %d of %d rounds)%n",
                args[0], apps.size(), modules, compiler.compilations(), compiler.swcStarted(), first / 1e6,
                sinceJvmStart, warm[warm.length / 2] / 1e6, warm.length, rounds);
    }
}
