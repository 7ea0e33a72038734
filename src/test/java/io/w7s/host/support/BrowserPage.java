package io.w7s.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A tab of a {@link Chromium} showing one page: navigation, JavaScript evaluated in it, waits for a condition on its
 * DOM (a MutationObserver in the page, not polling), what it reported as errors, screenshots.
 */
public final class BrowserPage implements AutoCloseable {
    /** How long a DOM wait lasts in the page before it fails (below CdpClient's own patience, so the page's message wins). */
    private static final long WAIT_MILLIS = CapturedLog.PATIENCE.toMillis() - 10_000;

    private final CdpClient cdp;

    private BrowserPage(CdpClient cdp) {
        this.cdp = cdp;
    }

    /** Opens {@code url} in a new tab of {@code width} × {@code height} CSS pixels; returns once it has loaded. */
    public static BrowserPage open(Chromium browser, String url, int width, int height) throws Exception {
        CdpClient cdp = browser.newPage();
        cdp.send("Runtime.enable", Map.of());
        cdp.send("Log.enable", Map.of());
        cdp.send("Page.enable", Map.of());
        cdp.send("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
        cdp.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        JsonNode navigated = cdp.send("Page.navigate", Map.of("url", url));
        if (navigated.has("errorText")) throw new AssertionError("cannot open " + url + ": " + navigated.get("errorText").asText());
        String loader = navigated.get("loaderId").asText();
        cdp.awaitEvent("Page.lifecycleEvent", e -> e.get("name").asText().equals("load") && e.get("loaderId").asText().equals(loader));
        return new BrowserPage(cdp);
    }

    /** The value of {@code expression} (awaited when it is a promise); a JavaScript exception fails the test. */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode r = cdp.send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            JsonNode ex = r.get("exceptionDetails");
            throw new AssertionError(ex.path("exception").path("description").asText(ex.path("text").asText()) + "\nin: " + expression);
        }
        return r.path("result").path("value");
    }

    /**
     * Waits until {@code condition} (a JavaScript expression) is true, checking it whenever the DOM changes; returns the
     * page's clock ({@code Date.now()}, epoch ms) at that moment. Fails with {@code what} after a long bound.
     */
    public long awaitTrue(String condition, String what) throws Exception {
        String js = """
                new Promise((resolve, reject) => {
                  const check = () => { try { return !!(%s); } catch (e) { return false; } };
                  if (check()) { resolve(Date.now()); return; }
                  const timer = setTimeout(() => { observer.disconnect(); reject(new Error(%s)); }, %d);
                  const observer = new MutationObserver(() => {
                    if (check()) { observer.disconnect(); clearTimeout(timer); resolve(Date.now()); }
                  });
                  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
                })""".formatted(condition, quote("timed out waiting for " + what), WAIT_MILLIS);
        return evaluate(js).asLong();
    }

    /** What the page reported as errors so far: console errors, uncaught exceptions, failed loads, policy violations. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : cdp.events("Runtime.consoleAPICalled")) {
            String type = e.get("type").asText();
            if (type.equals("error") || type.equals("assert")) errors.add("console." + type + ": " + e.get("args"));
        }
        for (JsonNode e : cdp.events("Runtime.exceptionThrown")) {
            JsonNode d = e.get("exceptionDetails");
            errors.add("exception: " + d.path("exception").path("description").asText(d.path("text").asText()));
        }
        for (JsonNode e : cdp.events("Log.entryAdded")) {
            JsonNode entry = e.get("entry");
            if (entry.get("level").asText().equals("error")) errors.add("log: " + entry.get("text").asText() + " " + entry.path("url").asText());
        }
        return errors;
    }

    /** A PNG of what the tab shows, written to {@code file}. */
    public void screenshot(Path file) throws Exception {
        JsonNode shot = cdp.send("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        cdp.close();
    }
}
