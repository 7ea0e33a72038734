package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code crypto.subtle} in a real isolate: the JS behaviour tests ({@code web/crypto.test.js}) and
 * interoperability with the JDK's own JCA (JWTs signed in Java verified in JS, and the reverse).
 */
class CryptoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static WebContext cx;

    @BeforeAll
    static void start() {
        cx = new WebContext();
        cx.eval("""
                globalThis.b64u = (s) => { const t = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - s.length % 4) % 4));
                  return Uint8Array.from(t, (c) => c.charCodeAt(0)); };
                globalThis.tob64u = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                globalThis.verifyJwt = async (jwt, key, alg) => {
                  const [h, p, s] = jwt.split('.');
                  return crypto.subtle.verify(alg, key, b64u(s), new TextEncoder().encode(h + '.' + p));
                };
                """);
    }

    @AfterAll
    static void stop() {
        cx.close();
    }

    @TestFactory
    Stream<DynamicTest> behaviour() throws Exception {
        return WebBehaviourTest.run("crypto.test.js");
    }

    private static String b64u(byte[] b) {
        return B64URL.encodeToString(b);
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String jwt(String alg, String jcaAlg, java.security.PrivateKey key, String payload) throws Exception {
        String input = b64u(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + b64u(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(jcaAlg);
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64u(s.sign());
    }

    private static String tamper(String jwt) {
        String[] p = jwt.split("\\.");
        return p[0] + "." + b64u("{\"sub\":\"admin\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    }

    private static String verify(String js) {
        return cx.evalJson(js);
    }

    @Test
    void rs256JwtFromJavaVerifiesInJsWithJwkAndSpki() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        String token = jwt("RS256", "SHA256withRSA", pair.getPrivate(), "{\"sub\":\"alice\"}");
        String jwk = "{\"kty\":\"RSA\",\"n\":\"" + b64u(unsigned(pub.getModulus())) + "\",\"e\":\"" + b64u(unsigned(pub.getPublicExponent()))
                + "\",\"alg\":\"RS256\",\"use\":\"sig\"}";
        String spki = Base64.getEncoder().encodeToString(pub.getEncoded());
        String result = verify("""
                (async () => {
                  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
                  const k1 = await crypto.subtle.importKey('jwk', %s, alg, false, ['verify']);
                  const k2 = await crypto.subtle.importKey('spki', Uint8Array.from(atob('%s'), (c) => c.charCodeAt(0)), alg, false, ['verify']);
                  return [await verifyJwt('%s', k1, alg), await verifyJwt('%s', k2, alg), await verifyJwt('%s', k1, alg), k1.algorithm.modulusLength];
                })()""".formatted(jwk, spki, token, token, tamper(token)));
        assertEquals("[true,true,false,2048]", result);
    }

    @Test
    void es256JwtFromJavaVerifiesInJs() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        // JWS ES256 signatures are r || s (IEEE P1363), 32 bytes each
        String token = jwt("ES256", "SHA256withECDSAinP1363Format", pair.getPrivate(), "{\"sub\":\"alice\"}");
        String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64u(fixed(pub.getW().getAffineX())) + "\",\"y\":\""
                + b64u(fixed(pub.getW().getAffineY())) + "\"}";
        String spki = Base64.getEncoder().encodeToString(pub.getEncoded());
        String result = verify("""
                (async () => {
                  const k1 = await crypto.subtle.importKey('jwk', %s, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
                  const k2 = await crypto.subtle.importKey('spki', Uint8Array.from(atob('%s'), (c) => c.charCodeAt(0)), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
                  const alg = { name: 'ECDSA', hash: 'SHA-256' };
                  return [await verifyJwt('%s', k1, alg), await verifyJwt('%s', k2, alg), await verifyJwt('%s', k1, alg)];
                })()""".formatted(jwk, spki, token, token, tamper(token)));
        assertEquals("[true,true,false]", result);
    }

    private static byte[] fixed(BigInteger n) {
        byte[] b = unsigned(n);
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }

    /** JS signs; Java verifies with the exported SPKI. Returns {spki, sig} (base64url). */
    private static JsonNode signInJs(String generate, String signAlg, String data) throws Exception {
        return JSON.readTree(cx.evalJson("""
                (async () => {
                  const pair = await crypto.subtle.generateKey(%s, true, ['sign', 'verify']);
                  const sig = await crypto.subtle.sign(%s, pair.privateKey, new TextEncoder().encode('%s'));
                  return { spki: tob64u(await crypto.subtle.exportKey('spki', pair.publicKey)), sig: tob64u(sig) };
                })()""".formatted(generate, signAlg, data)));
    }

    private static boolean javaVerifies(String keyAlg, Signature s, JsonNode r, String data) throws Exception {
        PublicKey pub = KeyFactory.getInstance(keyAlg).generatePublic(new X509EncodedKeySpec(Base64.getUrlDecoder().decode(r.get("spki").asText())));
        s.initVerify(pub);
        s.update(data.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getUrlDecoder().decode(r.get("sig").asText()));
    }

    @Test
    void signaturesMadeInJsVerifyInJava() throws Exception {
        JsonNode rs = signInJs("{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }",
                "'RSASSA-PKCS1-v1_5'", "rs256");
        assertTrue(javaVerifies("RSA", Signature.getInstance("SHA256withRSA"), rs, "rs256"));
        assertFalse(javaVerifies("RSA", Signature.getInstance("SHA256withRSA"), rs, "rs257"));

        JsonNode ps = signInJs("{ name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }",
                "{ name: 'RSA-PSS', saltLength: 32 }", "ps256");
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        assertTrue(javaVerifies("RSA", pss, ps, "ps256"));

        // ECDSA: WebCrypto gives r || s; the JCA's plain algorithm wants DER, so convert here independently.
        JsonNode es = signInJs("{ name: 'ECDSA', namedCurve: 'P-256' }", "{ name: 'ECDSA', hash: 'SHA-256' }", "es256");
        byte[] p1363 = Base64.getUrlDecoder().decode(es.get("sig").asText());
        assertEquals(64, p1363.length);
        byte[] der = toDer(p1363);
        PublicKey ecPub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getUrlDecoder().decode(es.get("spki").asText())));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(ecPub);
        s.update("es256".getBytes(StandardCharsets.UTF_8));
        assertTrue(s.verify(der), "ES256 signature from JS verifies in Java (DER)");

        JsonNode ed = signInJs("'Ed25519'", "'Ed25519'", "ed25519");
        assertTrue(javaVerifies("Ed25519", Signature.getInstance("Ed25519"), ed, "ed25519"));
        assertFalse(javaVerifies("Ed25519", Signature.getInstance("Ed25519"), ed, "ed25518"));
    }

    private static byte[] toDer(byte[] p1363) {
        byte[] r = new BigInteger(1, Arrays.copyOfRange(p1363, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(p1363, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    @Test
    void ed25519KeyFromJavaVerifiesInJs() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update("from java".getBytes(StandardCharsets.UTF_8));
        String sig = b64u(s.sign());
        byte[] spki = pair.getPublic().getEncoded();
        String raw = b64u(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        assertEquals("[true,false]", cx.evalJson("""
                (async () => {
                  const k = await crypto.subtle.importKey('raw', b64u('%s'), 'Ed25519', false, ['verify']);
                  const d = new TextEncoder();
                  return [await crypto.subtle.verify('Ed25519', k, b64u('%s'), d.encode('from java')),
                          await crypto.subtle.verify('Ed25519', k, b64u('%s'), d.encode('from jav4'))];
                })()""".formatted(raw, sig, sig)));
    }

    @Test
    void subtleIsLoadedOnlyWhenUsed() {
        try (WebContext fresh = new WebContext()) {
            fresh.eval("crypto.getRandomValues(new Uint8Array(4)); crypto.randomUUID(); typeof Crypto");
            assertEquals(0, fresh.loads("subtle"), "subtle bundle loaded before crypto.subtle was read");
            assertTrue(fresh.eval("crypto.subtle instanceof SubtleCrypto").asBoolean());
            assertEquals(1, fresh.loads("subtle"));
            assertTrue(fresh.eval("typeof CryptoKey === 'function'").asBoolean());
            assertEquals(1, fresh.loads("subtle"));
        }
        try (WebContext fresh = new WebContext()) {
            assertEquals("CryptoKey", fresh.eval("CryptoKey.name").asString(), "CryptoKey global first");
            assertTrue(fresh.eval("crypto.subtle instanceof SubtleCrypto").asBoolean());
            assertEquals(1, fresh.loads("subtle"));
        }
    }
}
