package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {
    @Test
    void joinedFormRoundTripsIncludingEmptyValuesAndRepeatedNames() {
        Headers h = Headers.builder().add("Set-Cookie", "a=1").add("set-cookie", "b=2").add("x-empty", "").add("x", "1, 2").build();
        assertEquals("set-cookie\na=1\nset-cookie\nb=2\nx-empty\n\nx\n1, 2", h.joined());
        assertArrayEquals(h.flat(), Headers.fromJoined(h.joined()).flat());
        assertEquals(List.of("a=1", "b=2"), h.all("set-cookie"));
        assertEquals(0, Headers.fromJoined("").size());
        assertEquals(0, Headers.fromJoined(Headers.empty().joined()).size());
    }

    @Test
    void withoutDropsMatchingNames() {
        Headers h = Headers.builder().add("authorization", "x").add("x-w7s-rpc-a", "1").add("keep", "y").build();
        assertEquals("keep\ny", h.without(n -> n.equals("authorization") || n.startsWith("x-w7s-rpc")).joined());
    }
}
