package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * WebAssembly from Java's side: a module instantiated in one isolate works, and the cost of the
 * first WebAssembly use in a fresh isolate (GraalWasm context initialization) is printed.
 * The behaviour checks are in src/test/resources/web/wasm.test.js (WebBehaviourTest).
 */
class WebAssemblyTest {
    private static final String ADD = "new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,"
            + "7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11])";

    @Test
    void firstUseCostAndResult() {
        for (int round = 0; round < 5; round++) {
            try (WebContext cx = new WebContext()) {
                long t0 = System.nanoTime();
                String r = cx.evalJson("WebAssembly.instantiate(" + ADD + ").then(({ instance }) => instance.exports.add(40, 2))");
                long t1 = System.nanoTime();
                String r2 = cx.evalJson("WebAssembly.instantiate(" + ADD + ").then(({ instance }) => instance.exports.add(1, 2))");
                long t2 = System.nanoTime();
                assertEquals("42", r);
                assertEquals("3", r2);
                System.out.printf("WebAssembly in a fresh isolate, round %d: first instantiate+call %.2f ms, second %.2f ms%n",
                        round, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
        }
    }
}
