package io.w7s.host.deploy;

import io.w7s.host.isolate.Isolate;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * The requests a deployment asks for in w7s.json {@code "warmup"}: each new isolate (at deploy, when
 * the pool grows, when one is replaced) answers them before it serves anyone, so the first real
 * requests find the app's code run once in this isolate (routers built, caches filled). They are
 * {@code GET}s with {@code user-agent: w7s-warmup}; what they answer is only logged.
 */
final class Warmup {
    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());
    static final String USER_AGENT = "w7s-warmup";

    private final String label;
    private final List<String> paths;

    Warmup(String label, List<String> paths) {
        this.label = label;
        this.paths = paths;
    }

    /** Sends the warm-up requests to {@code isolate}, one after another; returns it. */
    Isolate run(Isolate isolate) {
        for (String path : paths) {
            long start = System.nanoTime();
            String outcome = send(isolate, path);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (outcome.startsWith("2") || outcome.startsWith("3")) {
                LOG.fine(() -> label + ": warm-up GET " + path + " " + outcome + " in " + ms + " ms");
            } else {
                LOG.warning(label + ": warm-up GET " + path + " answered " + outcome + " (in " + ms + " ms);"
                        + " w7s.json \"warmup\" should list paths that succeed");
            }
        }
        return isolate;
    }

    /** The status, or "failed: why". */
    private static String send(Isolate isolate, String path) {
        WebRequest request = new WebRequest("GET", "http://localhost" + path, Headers.builder().add("user-agent", USER_AGENT).build(), null);
        try {
            WebResponse response = isolate.handle(request, 0).join();
            if (response.stream() != null) response.stream().cancel("warm-up request");
            return String.valueOf(response.status());
        } catch (CompletionException e) {
            return "failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }
}
