package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the JS behaviour tests in {@code src/test/resources/web/*.test.js} inside a real GraalJS
 * context with the bundled runtime; every JS {@code test(...)} becomes one JUnit test.
 */
class WebBehaviourTest {

    @TestFactory
    Stream<DynamicTest> headers() throws Exception { return run("headers.test.js"); }

    @TestFactory
    Stream<DynamicTest> requestAndResponse() throws Exception { return run("request-response.test.js"); }

    @TestFactory
    Stream<DynamicTest> base64AndDomException() throws Exception { return run("base64.test.js"); }

    @TestFactory
    Stream<DynamicTest> structuredClone() throws Exception { return run("structured-clone.test.js"); }

    @TestFactory
    Stream<DynamicTest> urlAndSearchParams() throws Exception { return run("url.test.js"); }

    @TestFactory
    Stream<DynamicTest> hostConversion() throws Exception { return run("host-conversion.test.js"); }

    @TestFactory
    Stream<DynamicTest> eventsAndEventTarget() throws Exception { return run("events.test.js"); }

    @TestFactory
    Stream<DynamicTest> abortControllerAndSignal() throws Exception { return run("abort.test.js"); }

    @TestFactory
    Stream<DynamicTest> blobFileAndFormData() throws Exception { return run("blob-formdata.test.js"); }

    @TestFactory
    Stream<DynamicTest> encodingAndCompressionStreams() throws Exception { return run("codecs.test.js"); }

    @TestFactory
    Stream<DynamicTest> webAssembly() throws Exception { return run("wasm.test.js"); }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<DynamicTest> run(String file) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (WebContext cx = new WebContext("w7s/runtime-test/main-with-internals.js")) {
            cx.evalResource("web/harness.js");
            cx.evalResource("web/" + file);
            JsonNode results = JSON.readTree(cx.evalJson("__runTests()"));
            for (JsonNode r : results) {
                String name = r.get(0).asText();
                JsonNode failure = r.get(1);
                String message = failure.isNull() ? null : failure.asText();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (message != null) fail(name + ": " + message);
                }));
            }
        }
        if (tests.isEmpty()) fail(file + " registered no tests");
        return tests.stream();
    }

    @Test
    void installsTheGlobalsAndNothingElse() {
        try (WebContext cx = new WebContext()) {
            for (String g : List.of("DOMException", "atob", "btoa", "structuredClone", "Headers", "Request", "Response",
                    "URL", "URLSearchParams", "ReadableStream", "WritableStream", "TransformStream",
                    "Event", "EventTarget", "CustomEvent", "ErrorEvent", "PromiseRejectionEvent", "AbortController", "AbortSignal",
                    "Blob", "File", "FormData", "URLPattern", "TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream", "navigator", "self", "addEventListener", "removeEventListener", "dispatchEvent")) {
                assertTrue(cx.eval("Object.getOwnPropertyDescriptor(globalThis, '" + g + "') !== undefined").asBoolean(), g);
                assertFalse(cx.eval("Object.getOwnPropertyDescriptor(globalThis, '" + g + "').enumerable").asBoolean(), g + " enumerable");
            }
            assertTrue(cx.eval("typeof __w7s_host === 'undefined' && typeof __w7s_lazy_exports === 'undefined'").asBoolean(),
                    "bootstrap leaves no helper globals");
        }
    }

    @Test
    void selfIsTheGlobalObject() {
        try (WebContext cx = new WebContext()) {
            assertTrue(cx.eval("self === globalThis && self.Response === Response").asBoolean());
            // Writable, as in workerd: code that assigns self (polyfills) does not throw.
            assertEquals("replaced", cx.eval("self = 'replaced'; globalThis.self").asString());
        }
    }

    @Test
    void urlIsLoadedLazilyOnFirstUse() {
        try (WebContext cx = new WebContext()) {
            cx.eval("""
                    const r = new Response("hi", { headers: { a: "1" } });
                    r.headers.get("a"); new Headers([["x", "y"]]); btoa("x"); structuredClone({a: 1});
                    Object.getOwnPropertyDescriptor(globalThis, "URL").get !== undefined;
                    """);
            assertEquals(0, cx.loads("url"), "url bundle loaded before URL was touched");
            assertEquals(0, cx.loads("streams"), "streams bundle loaded before a stream was needed");
            assertEquals(0, cx.loads("urlpattern"), "urlpattern bundle loaded before URLPattern was touched");
            assertEquals("https://example.com/a", cx.eval("new URL('/a', 'https://example.com').href").asString());
            assertEquals(1, cx.loads("url"));
            assertEquals("b=2", cx.eval("new URLSearchParams({b: 2}).toString()").asString());
            assertEquals("https://x/", cx.eval("new Request('https://x').url").asString());
            assertTrue(cx.eval("Object.getOwnPropertyDescriptor(globalThis, 'URL').writable").asBoolean(),
                    "URL becomes a plain data property after loading");
            assertEquals(1, cx.loads("url"), "url bundle loaded once per context");
        }
    }

    @Test
    void newBundlesLoadOnFirstUseAndLinkTheirDependencies() {
        try (WebContext cx = new WebContext()) {
            cx.eval("new Response('x')");
            assertEquals(0, cx.loads("codecs"));
            assertEquals(0, cx.loads("urlpattern"));
            cx.eval("new TextEncoderStream()");
            assertEquals(1, cx.loads("codecs"));
            assertEquals(1, cx.loads("streams"), "codecs links the streams bundle on first stream");
            assertEquals(0, cx.loads("url"));
            cx.eval("new URLPattern({ pathname: '/a' })");
            assertEquals(1, cx.loads("urlpattern"));
            assertEquals(1, cx.loads("url"), "urlpattern links the url bundle");
            cx.eval("new URL('https://x/'); new CompressionStream('gzip'); new ReadableStream()");
            assertEquals(1, cx.loads("url"));
            assertEquals(1, cx.loads("streams"));
            assertEquals(1, cx.loads("codecs"));
        }
    }

    @Test
    void requestsWithCanonicalUrlsDoNotLoadTheUrlBundle() {
        try (WebContext cx = new WebContext()) {
            assertEquals("https://w7s.internal/api/v1?x=1#f",
                    cx.eval("new Request('https://w7s.internal/api/v1?x=1#f').url").asString());
            assertEquals("https://x:8443/", cx.eval("new Request('https://x:8443').url").asString());
            assertEquals("https://x/?q", cx.eval("new Request('https://x?q').url").asString());
            assertEquals("https://x/a", cx.eval("Response.redirect('https://x/a').headers.get('location')").asString());
            assertEquals(0, cx.loads("url"), "url bundle loaded for a canonical URL");
            assertEquals("https://x/b", cx.eval("new Request('HTTPS://X:443/a/../b').url").asString());
            assertEquals(1, cx.loads("url"), "non-canonical URL loads the full parser");
        }
    }

    @Test
    void assigningALazyGlobalReplacesItWithoutLoading() {
        try (WebContext cx = new WebContext()) {
            assertEquals("mine", cx.eval("URL = 'mine'; URL").asString());
            assertEquals(0, cx.loads("url"));
            // the runtime's own URL parsing still works (Request uses the bundle directly)
            assertEquals("https://x/y", cx.eval("new Request('https://x/y').url").asString());
            assertEquals("mine", cx.eval("URL").asString());
        }
    }

    @Test
    void lazyBundleEvaluatesToItsExportsAndDefinesNoGlobals() {
        try (WebContext cx = new WebContext()) {
            Value before = cx.eval("Object.getOwnPropertyNames(globalThis).length");
            Value exports = cx.evalResource("w7s/runtime/lazy/url.js");
            assertTrue(exports.hasMember("URL") && exports.hasMember("URLSearchParams"));
            assertEquals(before.asInt(), cx.eval("Object.getOwnPropertyNames(globalThis).length").asInt());
            Value streams = cx.evalResource("w7s/runtime/lazy/streams.js");
            assertTrue(streams.hasMember("ReadableStream"));
            assertEquals(before.asInt(), cx.eval("Object.getOwnPropertyNames(globalThis).length").asInt());
        }
    }
}
