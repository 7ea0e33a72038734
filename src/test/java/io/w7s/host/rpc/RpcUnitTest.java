package io.w7s.host.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcUnitTest {
    @Test
    void addressParsing() {
        assertEquals(new RpcAddress("o", "r", "/a/b?c=d"), RpcAddress.parse("https://w7s.internal/api/v1/rpc/o/r/a/b?c=d#frag"));
        assertEquals(new RpcAddress("o", "r", "/"), RpcAddress.parse("https://w7s.internal/api/v1/rpc/o/r"));
        assertEquals(new RpcAddress("o", "r", "/?q"), RpcAddress.parse("https://w7s.internal/api/v1/rpc/o/r?q"));
        assertNull(RpcAddress.parse("https://w7s.internal/api/v1/rpc/o"));
        assertNull(RpcAddress.parse("https://w7s.internal/api/v1/rpcx/o/r"));
        assertNull(RpcAddress.parse("https://w7s.internal"));
    }

    @Test
    void tokensAreLongRandomAndOnlyAcceptedAsBearer() {
        String a = RpcToken.generate();
        String b = RpcToken.generate();
        assertNotEquals(a, b);
        assertTrue(Base64.getUrlDecoder().decode(a.substring(4)).length * 8 >= 128);
        assertEquals(a, RpcToken.fromAuthorization("Bearer " + a));
        assertEquals(a, RpcToken.fromAuthorization("BEARER " + a));
        assertNull(RpcToken.fromAuthorization("Basic " + a));
        assertNull(RpcToken.fromAuthorization(a));
        assertNull(RpcToken.fromAuthorization("Bearer "));
        assertNull(RpcToken.fromAuthorization("Bearer a b"));
        assertNotEquals(RpcToken.hash(a), RpcToken.hash(b));
    }

    @Test
    void policy() {
        assertTrue(RpcPolicy.allows("acme", "a", "ACME", List.of()));
        assertTrue(RpcPolicy.allows("acme", "a", "other", List.of("Acme")));
        assertTrue(RpcPolicy.allows("acme", "a", "other", List.of("acme/A")));
        assertFalse(RpcPolicy.allows("acme", "b", "other", List.of("acme/a")));
        assertFalse(RpcPolicy.allows("acme-evil", "a", "other", List.of("acme", "acme/a")));
        assertFalse(RpcPolicy.allows("acme", "a", "acme-evil", List.of()));
        assertFalse(RpcPolicy.allows("acm", "a", "other", List.of("acme")));
    }
}
