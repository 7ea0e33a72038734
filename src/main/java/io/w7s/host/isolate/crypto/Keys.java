package io.w7s.host.isolate.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key import, export and generation for RSA, EC (P-256/384/521), Ed25519 and X25519. */
final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, byte[]> SPKI_PREFIX = Map.of(
            "Ed25519", HEX.parseHex("302a300506032b6570032100"),
            "X25519", HEX.parseHex("302a300506032b656e032100"));
    private static final Map<String, byte[]> PKCS8_PREFIX = Map.of(
            "Ed25519", HEX.parseHex("302e020100300506032b657004220420"),
            "X25519", HEX.parseHex("302e020100300506032b656e04220420"));

    private Keys() {
    }

    // ---- curves ----

    static String jcaCurve(String curve) {
        return switch (curve) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> throw CryptoFailure.notSupported("Unsupported named curve " + curve);
        };
    }

    static ECParameterSpec curveSpec(String curve) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(jcaCurve(curve)));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (java.security.GeneralSecurityException e) {
            throw CryptoFailure.notSupported("Unsupported named curve " + curve);
        }
    }

    static String curveOf(ECParameterSpec spec) {
        for (String c : new String[] {"P-256", "P-384", "P-521"}) {
            ECParameterSpec s = curveSpec(c);
            if (s.getOrder().equals(spec.getOrder()) && s.getCurve().equals(spec.getCurve())) return c;
        }
        throw CryptoFailure.notSupported("Unsupported elliptic curve");
    }

    static int fieldBytes(ECParameterSpec spec) {
        return (spec.getCurve().getField().getFieldSize() + 7) / 8;
    }

    // ---- import ----

    static KeyHandle importSpkiOrPkcs8(String kind, String format, String curve, byte[] der) {
        try {
            KeyFactory kf = KeyFactory.getInstance(kind.equals("EC") ? "EC" : kind);
            KeyHandle key;
            if (format.equals("spki")) {
                key = new KeyHandle(kind, null, kf.generatePublic(new X509EncodedKeySpec(der)));
            } else {
                PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(der));
                key = new KeyHandle(kind, priv, publicOf(kind, priv));
            }
            checkCurve(key, curve);
            return key;
        } catch (CryptoFailure e) {
            throw e;
        } catch (Exception e) {
            throw CryptoFailure.data("Invalid " + format + " " + kind + " key: " + e.getMessage());
        }
    }

    static KeyHandle importRaw(String kind, String curve, byte[] raw) {
        try {
            if (kind.equals("EC")) {
                ECParameterSpec spec = curveSpec(curve);
                ECPoint point = decodePoint(spec, raw);
                return new KeyHandle(kind, null, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec)));
            }
            byte[] prefix = SPKI_PREFIX.get(kind);
            if (prefix == null) throw CryptoFailure.notSupported("raw import of " + kind);
            if (raw.length != 32) throw CryptoFailure.data(kind + " raw public key must be 32 bytes");
            return new KeyHandle(kind, null, KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(concat(prefix, raw))));
        } catch (CryptoFailure e) {
            throw e;
        } catch (Exception e) {
            throw CryptoFailure.data("Invalid raw " + kind + " key: " + e.getMessage());
        }
    }

    static KeyHandle importJwk(String kind, String curve, Map<String, String> jwk) {
        try {
            switch (kind) {
                case "RSA" -> {
                    BigInteger n = num(jwk, "n"), e = num(jwk, "e");
                    KeyFactory kf = KeyFactory.getInstance("RSA");
                    PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(n, e));
                    if (!jwk.containsKey("d")) return new KeyHandle(kind, null, pub);
                    for (String f : new String[] {"p", "q", "dp", "dq", "qi"}) {
                        if (!jwk.containsKey(f)) throw CryptoFailure.notSupported("RSA private JWK without " + f + " (CRT parameters are required)");
                    }
                    PrivateKey priv = kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, num(jwk, "d"), num(jwk, "p"),
                            num(jwk, "q"), num(jwk, "dp"), num(jwk, "dq"), num(jwk, "qi")));
                    return new KeyHandle(kind, priv, pub);
                }
                case "EC" -> {
                    ECParameterSpec spec = curveSpec(curve);
                    int size = fieldBytes(spec);
                    byte[] x = b64(jwk, "x"), y = b64(jwk, "y");
                    if (x.length != size || y.length != size) throw CryptoFailure.data("JWK x/y have the wrong length for " + curve);
                    ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
                    checkOnCurve(spec, point);
                    KeyFactory kf = KeyFactory.getInstance("EC");
                    PublicKey pub = kf.generatePublic(new ECPublicKeySpec(point, spec));
                    if (!jwk.containsKey("d")) return new KeyHandle(kind, null, pub);
                    byte[] d = b64(jwk, "d");
                    if (d.length != size) throw CryptoFailure.data("JWK d has the wrong length for " + curve);
                    PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), spec));
                    if (!multiply(spec, new BigInteger(1, d)).equals(point)) throw CryptoFailure.data("JWK d does not match x, y");
                    return new KeyHandle(kind, priv, pub);
                }
                case "Ed25519", "X25519" -> {
                    byte[] x = b64(jwk, "x");
                    KeyHandle pub = importRaw(kind, curve, x);
                    if (!jwk.containsKey("d")) return pub;
                    byte[] d = b64(jwk, "d");
                    if (d.length != 32) throw CryptoFailure.data("JWK d must be 32 bytes");
                    PrivateKey priv = KeyFactory.getInstance(kind).generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX.get(kind), d)));
                    PublicKey derived = publicOf(kind, priv);
                    if (!Arrays.equals(derived.getEncoded(), pub.publicKey.getEncoded())) throw CryptoFailure.data("JWK d does not match x");
                    return new KeyHandle(kind, priv, pub.publicKey);
                }
                default -> throw CryptoFailure.notSupported("JWK import of " + kind);
            }
        } catch (CryptoFailure e) {
            throw e;
        } catch (Exception e) {
            throw CryptoFailure.data("Invalid JWK: " + e.getMessage());
        }
    }

    private static void checkCurve(KeyHandle key, String curve) {
        if (!key.kind.equals("EC")) return;
        String actual = curveOf(((ECPublicKey) key.publicKey).getParams());
        if (!actual.equals(curve)) throw CryptoFailure.data("The key is on " + actual + ", not " + curve);
    }

    /** The public half of a private key (JCA's PKCS#8 encodings of EC/EdDSA/XDH keys carry none). */
    static PublicKey publicOf(String kind, PrivateKey priv) throws Exception {
        switch (kind) {
            case "RSA" -> {
                if (!(priv instanceof RSAPrivateCrtKey crt)) throw CryptoFailure.notSupported("RSA private keys without CRT parameters");
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            }
            case "EC" -> {
                ECParameterSpec spec = ((ECPrivateKey) priv).getParams();
                ECPoint q = multiply(spec, ((ECPrivateKey) priv).getS());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, spec));
            }
            case "Ed25519", "X25519" -> {
                byte[] d = rawPrivate(kind, priv);
                // The JDK's generators take the private key bytes straight from the random source.
                SecureRandom fixed = new SecureRandom() {
                    @Override
                    public void nextBytes(byte[] bytes) {
                        System.arraycopy(d, 0, bytes, 0, Math.min(d.length, bytes.length));
                    }
                };
                KeyPairGenerator g = KeyPairGenerator.getInstance(kind);
                g.initialize(new NamedParameterSpec(kind), fixed);
                KeyPair pair = g.generateKeyPair();
                if (!Arrays.equals(rawPrivate(kind, pair.getPrivate()), d)) throw CryptoFailure.operation("cannot derive the public key");
                return pair.getPublic();
            }
            default -> throw CryptoFailure.notSupported(kind);
        }
    }

    static byte[] rawPrivate(String kind, PrivateKey priv) {
        return (kind.equals("Ed25519") ? ((EdECPrivateKey) priv).getBytes() : ((XECPrivateKey) priv).getScalar())
                .orElseThrow(() -> CryptoFailure.operation("private key bytes unavailable"));
    }

    // ---- generate ----

    static KeyHandle generatePair(String kind, String param, byte[] publicExponent) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(kind);
            switch (kind) {
                case "RSA" -> g.initialize(new RSAKeyGenParameterSpec(Integer.parseInt(param), new BigInteger(1, publicExponent)), RANDOM);
                case "EC" -> g.initialize(new ECGenParameterSpec(jcaCurve(param)), RANDOM);
                default -> g.initialize(new NamedParameterSpec(kind), RANDOM);
            }
            KeyPair pair = g.generateKeyPair();
            return new KeyHandle(kind, pair.getPrivate(), pair.getPublic());
        } catch (CryptoFailure e) {
            throw e;
        } catch (Exception e) {
            throw CryptoFailure.operation("Key generation failed: " + e.getMessage());
        }
    }

    // ---- export ----

    static byte[] exportRaw(KeyHandle key) {
        if (key.secret != null) return key.secret.clone();
        if (key.isPrivate()) throw new CryptoFailure("InvalidAccessError", "raw export of a private key");
        if (key.kind.equals("EC")) {
            ECPublicKey pub = (ECPublicKey) key.publicKey;
            int size = fieldBytes(pub.getParams());
            return concat(new byte[] {4}, fixed(pub.getW().getAffineX(), size), fixed(pub.getW().getAffineY(), size));
        }
        if (SPKI_PREFIX.containsKey(key.kind)) {
            byte[] der = key.publicKey.getEncoded();
            return Arrays.copyOfRange(der, der.length - 32, der.length);
        }
        throw CryptoFailure.notSupported("raw export of " + key.kind);
    }

    static Map<String, String> exportJwk(KeyHandle key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        if (key.secret != null) {
            jwk.put("kty", "oct");
            jwk.put("k", b64(key.secret));
            return jwk;
        }
        switch (key.kind) {
            case "RSA" -> {
                RSAPublicKey pub = (RSAPublicKey) key.publicKey;
                jwk.put("kty", "RSA");
                jwk.put("n", b64(pub.getModulus()));
                jwk.put("e", b64(pub.getPublicExponent()));
                if (key.isPrivate()) {
                    if (!(key.privateKey instanceof RSAPrivateCrtKey k)) throw CryptoFailure.notSupported("RSA key without CRT parameters");
                    jwk.put("d", b64(k.getPrivateExponent()));
                    jwk.put("p", b64(k.getPrimeP()));
                    jwk.put("q", b64(k.getPrimeQ()));
                    jwk.put("dp", b64(k.getPrimeExponentP()));
                    jwk.put("dq", b64(k.getPrimeExponentQ()));
                    jwk.put("qi", b64(k.getCrtCoefficient()));
                }
            }
            case "EC" -> {
                ECPublicKey pub = (ECPublicKey) key.publicKey;
                int size = fieldBytes(pub.getParams());
                jwk.put("kty", "EC");
                jwk.put("crv", curveOf(pub.getParams()));
                jwk.put("x", b64(fixed(pub.getW().getAffineX(), size)));
                jwk.put("y", b64(fixed(pub.getW().getAffineY(), size)));
                if (key.isPrivate()) jwk.put("d", b64(fixed(((ECPrivateKey) key.privateKey).getS(), size)));
            }
            case "Ed25519", "X25519" -> {
                jwk.put("kty", "OKP");
                jwk.put("crv", key.kind);
                jwk.put("x", b64(exportRaw(new KeyHandle(key.kind, null, key.publicKey))));
                if (key.isPrivate()) jwk.put("d", b64(rawPrivate(key.kind, key.privateKey)));
            }
            default -> throw CryptoFailure.notSupported("JWK export of " + key.kind);
        }
        return jwk;
    }

    // ---- EC arithmetic (public key derivation only; not constant time, never used for signing) ----

    static ECPoint decodePoint(ECParameterSpec spec, byte[] raw) {
        int size = fieldBytes(spec);
        if (raw.length != 1 + 2 * size || raw[0] != 4) throw CryptoFailure.data("EC raw public keys must be uncompressed points (0x04 || x || y)");
        ECPoint p = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + size)),
                new BigInteger(1, Arrays.copyOfRange(raw, 1 + size, raw.length)));
        checkOnCurve(spec, p);
        return p;
    }

    static void checkOnCurve(ECParameterSpec spec, ECPoint p) {
        EllipticCurve c = spec.getCurve();
        BigInteger prime = ((ECFieldFp) c.getField()).getP();
        BigInteger x = p.getAffineX(), y = p.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0
                || !y.pow(2).subtract(x.pow(3).add(c.getA().multiply(x)).add(c.getB())).mod(prime).equals(BigInteger.ZERO)) {
            throw CryptoFailure.data("The point is not on the curve");
        }
    }

    static ECPoint multiply(ECParameterSpec spec, BigInteger k) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger a = spec.getCurve().getA();
        ECPoint g = spec.getGenerator();
        ECPoint r = ECPoint.POINT_INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = add(r, r, p, a);
            if (k.testBit(i)) r = add(r, g, p, a);
        }
        return r;
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (s.equals(ECPoint.POINT_INFINITY)) return t;
        if (t.equals(ECPoint.POINT_INFINITY)) return s;
        BigInteger x1 = s.getAffineX(), y1 = s.getAffineY(), x2 = t.getAffineX(), y2 = t.getAffineY();
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) return ECPoint.POINT_INFINITY;
            lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }

    // ---- bytes ----

    static byte[] fixed(BigInteger n, int size) {
        byte[] b = n.toByteArray();
        if (b.length == size) return b;
        byte[] out = new byte[size];
        if (b.length > size) System.arraycopy(b, b.length - size, out, 0, size);
        else System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static String b64(BigInteger n) {
        return b64(unsigned(n));
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] b64(Map<String, String> jwk, String field) {
        String v = jwk.get(field);
        if (v == null) throw CryptoFailure.data("JWK member " + field + " is missing");
        try {
            return Base64.getUrlDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw CryptoFailure.data("JWK member " + field + " is not base64url");
        }
    }

    private static BigInteger num(Map<String, String> jwk, String field) {
        return new BigInteger(1, b64(jwk, field));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
