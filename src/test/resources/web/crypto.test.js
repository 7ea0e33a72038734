// crypto.subtle behaviour in a real isolate. Known-answer vectors: FIPS 180 ("abc"), RFC 4231,
// GCM spec test cases 2 and 4, NIST SP 800-38A F.2.1, RFC 6070, RFC 5869.
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s) => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
const utf8 = (s) => new TextEncoder().encode(s);
const subtle = () => crypto.subtle;

test("globals: Crypto, SubtleCrypto, CryptoKey; no construction", () => {
  ok(crypto instanceof Crypto, "crypto instanceof Crypto");
  ok(crypto.subtle instanceof SubtleCrypto, "crypto.subtle instanceof SubtleCrypto");
  eq(crypto.subtle, crypto.subtle, "same object");
  eq(CryptoKey.name, "CryptoKey");
  eq(SubtleCrypto.name, "SubtleCrypto");
  eq(Object.prototype.toString.call(crypto.subtle), "[object SubtleCrypto]");
  throws(TypeError, () => new Crypto());
  throws(TypeError, () => new SubtleCrypto());
  throws(TypeError, () => new CryptoKey());
  eq(crypto.getRandomValues(new Uint8Array(8)).length, 8);
  throws("TypeMismatchError", () => crypto.getRandomValues(new Float32Array(2)));
  throws("QuotaExceededError", () => crypto.getRandomValues(new Uint8Array(65537)));
});

test("errors are DOMExceptions and rejections, never synchronous throws", async () => {
  let p;
  try { p = subtle().digest("NOPE", new Uint8Array(0)); } catch { ok(false, "threw synchronously"); }
  const e = await rejects("NotSupportedError", p);
  ok(e instanceof DOMException, "DOMException");
  await rejects(TypeError, () => subtle().sign("HMAC", {}, new Uint8Array(0)), "not a CryptoKey");
  await rejects(TypeError, () => subtle().importKey("raw", new Uint8Array(16), "AES-GCM", false, ["fly"]), "invalid usage");
  await rejects("NotSupportedError", () => subtle().importKey("raw", new Uint8Array(16), "RSA-OAEP", false, ["encrypt"]));
  await rejects("NotSupportedError", () => subtle().encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 64 }, null, new Uint8Array(0)));
});

test("digest: SHA-1/256/384/512 known answers", async () => {
  eq(hex(await subtle().digest("SHA-1", utf8("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  eq(hex(await subtle().digest("sha-256", utf8("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  eq(hex(await subtle().digest({ name: "SHA-384" }, utf8("abc"))),
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  eq(hex(await subtle().digest("SHA-512", utf8("abc").buffer)),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  eq(hex(await subtle().digest("SHA-256", new Uint8Array(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const big = utf8("xxabcxx");
  eq(hex(await subtle().digest("SHA-1", new DataView(big.buffer, 2, 3))), "a9993e364706816aba3e25717850c26c9cd0d89d", "view offset");
  ok((await subtle().digest("SHA-256", utf8("a"))) instanceof ArrayBuffer, "result is an ArrayBuffer");
  await rejects("NotSupportedError", () => subtle().digest("MD5", utf8("abc")));
  await rejects(TypeError, () => subtle().digest("SHA-256", "abc"));
});

test("HMAC: RFC 4231 case 2, verify, tamper, export", async () => {
  const key = await subtle().importKey("raw", utf8("Jefe"), { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  ok(key instanceof CryptoKey);
  eq(key.type, "secret");
  eq(key.algorithm.name, "HMAC");
  eq(key.algorithm.hash.name, "SHA-256");
  eq(key.algorithm.length, 32);
  deepEq([...key.usages], ["sign", "verify"]);
  const data = utf8("what do ya want for nothing?");
  const mac = await subtle().sign("HMAC", key, data);
  eq(hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  eq(await subtle().verify("HMAC", key, mac, data), true);
  const bad = new Uint8Array(mac); bad[0] ^= 1;
  eq(await subtle().verify("HMAC", key, bad, data), false, "tampered MAC");
  eq(await subtle().verify("HMAC", key, mac, utf8("what do ya want for nothing!")), false, "tampered data");
  const k512 = await subtle().importKey("jwk", { kty: "oct", k: "SmVmZQ", alg: "HS512" }, { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
  eq(hex(await subtle().sign("HMAC", k512, data)),
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  const jwk = await subtle().exportKey("jwk", key);
  eq(jwk.kty, "oct"); eq(jwk.k, "SmVmZQ"); eq(jwk.alg, "HS256"); eq(jwk.ext, true);
  eq(hex(await subtle().exportKey("raw", key)), hex(utf8("Jefe")));
  await rejects("InvalidAccessError", () => subtle().exportKey("raw", k512), "not extractable");
  await rejects("InvalidAccessError", () => subtle().verify("HMAC", k512, mac, data), "usage missing");
  await rejects("SyntaxError", () => subtle().importKey("raw", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["encrypt"]));
  await rejects("DataError", () => subtle().importKey("jwk", { kty: "oct", k: "SmVmZQ", alg: "HS384" }, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
  const gen = await subtle().generateKey({ name: "HMAC", hash: "SHA-384" }, true, ["sign", "verify"]);
  eq(gen.algorithm.length, 1024, "default length is the block size");
  eq((await subtle().exportKey("raw", gen)).byteLength, 128);
  ok(await subtle().verify("HMAC", gen, await subtle().sign("HMAC", gen, data), data));
});

test("AES-GCM: known vectors, round trip, tamper", async () => {
  const zero = await subtle().importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt", "decrypt"]);
  eq(hex(await subtle().encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, zero, new Uint8Array(16))),
    "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
  const k = await subtle().importKey("raw", unhex("feffe9928665731c6d6a8f9467308308"), { name: "AES-GCM" }, true, ["encrypt", "decrypt"]);
  const params = { name: "AES-GCM", iv: unhex("cafebabefacedbaddecaf888"), additionalData: unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2") };
  const pt = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
  const ct = await subtle().encrypt(params, k, unhex(pt));
  eq(hex(ct), "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
    + "5bc94fbc3221a5db94fae95ae7121a47");
  eq(hex(await subtle().decrypt(params, k, ct)), pt);
  const bad = new Uint8Array(ct); bad[3] ^= 0x80;
  await rejects("OperationError", () => subtle().decrypt(params, k, bad), "tampered ciphertext");
  await rejects("OperationError", () => subtle().decrypt({ ...params, additionalData: utf8("x") }, k, ct), "wrong AAD");
  const gen = await subtle().generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  eq(gen.algorithm.length, 256);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const c2 = await subtle().encrypt({ name: "AES-GCM", iv, tagLength: 96 }, gen, utf8("hello"));
  eq(c2.byteLength, 5 + 12);
  eq(new TextDecoder().decode(await subtle().decrypt({ name: "AES-GCM", iv, tagLength: 96 }, gen, c2)), "hello");
  const jwk = await subtle().exportKey("jwk", gen);
  eq(jwk.alg, "A256GCM");
  const back = await subtle().importKey("jwk", jwk, "AES-GCM", false, ["decrypt"]);
  eq(new TextDecoder().decode(await subtle().decrypt({ name: "AES-GCM", iv, tagLength: 96 }, back, c2)), "hello");
  await rejects("DataError", () => subtle().importKey("raw", new Uint8Array(15), "AES-GCM", false, ["encrypt"]));
  await rejects("InvalidAccessError", () => subtle().encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, gen, utf8("x")), "algorithm mismatch");
  await rejects("OperationError", () => subtle().generateKey({ name: "AES-GCM", length: 100 }, true, ["encrypt"]));
});

test("AES-CBC: SP 800-38A vector and padding", async () => {
  const k = await subtle().importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", true, ["encrypt", "decrypt"]);
  const iv = unhex("000102030405060708090a0b0c0d0e0f");
  const ct = await subtle().encrypt({ name: "AES-CBC", iv }, k, unhex("6bc1bee22e409f96e93d7e117393172a"));
  eq(hex(ct).slice(0, 32), "7649abac8119b246cee98e9b12e9197d");
  eq(ct.byteLength, 32, "PKCS#7 padding block");
  eq(hex(await subtle().decrypt({ name: "AES-CBC", iv }, k, ct)), "6bc1bee22e409f96e93d7e117393172a");
  await rejects("OperationError", () => subtle().encrypt({ name: "AES-CBC", iv: new Uint8Array(12) }, k, utf8("x")));
  eq((await subtle().exportKey("jwk", k)).alg, "A128CBC");
});

test("PBKDF2: RFC 6070 vectors, deriveKey", async () => {
  const p = await subtle().importKey("raw", utf8("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
  const bits = (hash, salt, iterations, length, key = p) => subtle().deriveBits({ name: "PBKDF2", hash, salt, iterations }, key, length).then(hex);
  eq(await bits("SHA-1", utf8("salt"), 1, 160), "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  eq(await bits("SHA-1", utf8("salt"), 2, 160), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  eq(await bits("SHA-1", utf8("salt"), 4096, 160), "4b007901b765489abead49d926f721d065a429c1");
  eq(await bits("SHA-256", utf8("salt"), 1, 256), "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  const p0 = await subtle().importKey("raw", utf8("pass\0word"), "PBKDF2", false, ["deriveBits"]);
  eq(await bits("SHA-1", utf8("sa\0lt"), 4096, 128, p0), "56fa6aa75548099dcc37d7f03425e0c3");
  await rejects("OperationError", () => bits("SHA-1", utf8("salt"), 0, 160), "zero iterations");
  await rejects("OperationError", () => bits("SHA-1", utf8("salt"), 1, null), "null length");
  await rejects("SyntaxError", () => subtle().importKey("raw", utf8("pw"), "PBKDF2", true, ["deriveBits"]), "extractable");
  const aes = await subtle().deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: utf8("salt"), iterations: 1 }, p,
    { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  eq(aes.algorithm.name, "AES-GCM");
  eq(hex(await subtle().exportKey("raw", aes)), "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  await rejects("InvalidAccessError", () => subtle().deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: utf8("s"), iterations: 1 }, p0, 8)
    .then(() => subtle().deriveKey({ name: "PBKDF2", hash: "SHA-1", salt: utf8("s"), iterations: 1 }, p0, { name: "AES-GCM", length: 128 }, true, ["encrypt"])),
    "deriveKey usage missing");
});

test("HKDF: RFC 5869 cases 1 and 3", async () => {
  const ikm = await subtle().importKey("raw", new Uint8Array(22).fill(0x0b), "HKDF", false, ["deriveBits"]);
  eq(hex(await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 336)),
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  eq(hex(await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) }, ikm, 336)),
    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  await rejects("OperationError", () => subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) }, ikm, 256 * 255 + 8));
  await rejects(TypeError, () => subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0) }, ikm, 8), "info required");
});

test("ECDH: both sides derive the same bits (P-256, P-384), X25519", async () => {
  for (const namedCurve of ["P-256", "P-384"]) {
    const a = await subtle().generateKey({ name: "ECDH", namedCurve }, true, ["deriveBits", "deriveKey"]);
    const b = await subtle().generateKey({ name: "ECDH", namedCurve }, false, ["deriveBits"]);
    eq(a.publicKey.type, "public");
    deepEq([...a.publicKey.usages], []);
    const bPub = await subtle().importKey("raw", await subtle().exportKey("raw", b.publicKey), { name: "ECDH", namedCurve }, true, []);
    const ab = await subtle().deriveBits({ name: "ECDH", public: bPub }, a.privateKey, null);
    const ba = await subtle().deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, null);
    eq(ab.byteLength, namedCurve === "P-256" ? 32 : 48);
    eq(hex(ab), hex(ba), namedCurve);
    eq(hex(await subtle().deriveBits({ name: "ECDH", public: bPub }, a.privateKey, 128)), hex(ab).slice(0, 32));
    const other = await subtle().generateKey({ name: "ECDH", namedCurve }, false, ["deriveBits"]);
    ok(hex(await subtle().deriveBits({ name: "ECDH", public: other.publicKey }, a.privateKey, null)) !== hex(ab), "another peer differs");
  }
  const p256 = await subtle().generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const p384 = await subtle().generateKey({ name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
  await rejects("InvalidAccessError", () => subtle().deriveBits({ name: "ECDH", public: p384.publicKey }, p256.privateKey, null), "curve mismatch");
  const x = await subtle().generateKey("X25519", false, ["deriveBits"]);
  const y = await subtle().generateKey({ name: "X25519" }, false, ["deriveBits"]);
  eq(hex(await subtle().deriveBits({ name: "X25519", public: y.publicKey }, x.privateKey, 256)),
    hex(await subtle().deriveBits({ name: "X25519", public: x.publicKey }, y.privateKey, 256)));
});

test("ECDSA: generate, sign (P1363 length), verify, export/import round trips", async () => {
  for (const [namedCurve, hash, size] of [["P-256", "SHA-256", 64], ["P-384", "SHA-384", 96]]) {
    const pair = await subtle().generateKey({ name: "ECDSA", namedCurve }, true, ["sign", "verify"]);
    deepEq([...pair.privateKey.usages], ["sign"]);
    deepEq([...pair.publicKey.usages], ["verify"]);
    eq(pair.publicKey.algorithm.namedCurve, namedCurve);
    const data = utf8("payload");
    const sig = await subtle().sign({ name: "ECDSA", hash }, pair.privateKey, data);
    eq(sig.byteLength, size, "r || s");
    ok(await subtle().verify({ name: "ECDSA", hash }, pair.publicKey, sig, data));
    eq(await subtle().verify({ name: "ECDSA", hash }, pair.publicKey, sig, utf8("payloaD")), false);
    eq(await subtle().verify({ name: "ECDSA", hash }, pair.publicKey, new Uint8Array(3), data), false, "malformed signature");
    const jwk = await subtle().exportKey("jwk", pair.privateKey);
    eq(jwk.crv, namedCurve); ok(jwk.d && jwk.x && jwk.y);
    const fromJwk = await subtle().importKey("jwk", jwk, { name: "ECDSA", namedCurve }, true, ["sign"]);
    const pkcs8 = await subtle().exportKey("pkcs8", pair.privateKey);
    const fromPkcs8 = await subtle().importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve }, true, ["sign"]);
    deepEq(await subtle().exportKey("jwk", fromPkcs8), jwk, "pkcs8 import recovers the public point");
    const spki = await subtle().importKey("spki", await subtle().exportKey("spki", pair.publicKey), { name: "ECDSA", namedCurve }, true, ["verify"]);
    ok(await subtle().verify({ name: "ECDSA", hash }, spki, await subtle().sign({ name: "ECDSA", hash }, fromJwk, data), data));
    await rejects("InvalidAccessError", () => subtle().exportKey("raw", pair.privateKey));
    const spkiBytes = new Uint8Array(await subtle().exportKey("spki", pair.publicKey));
    await rejects("SyntaxError", () => subtle().importKey("spki", spkiBytes, { name: "ECDSA", namedCurve }, true, ["sign"]), "sign usage on a public key");
  }
  await rejects("DataError", () => subtle().importKey("raw", new Uint8Array(65), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "not a point");
  await rejects("NotSupportedError", () => subtle().generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"]));
});

test("RSA: RSASSA-PKCS1-v1_5 and RSA-PSS generate, sign, verify, JWK", async () => {
  for (const name of ["RSASSA-PKCS1-v1_5", "RSA-PSS"]) {
    const pair = await subtle().generateKey({ name, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true, ["sign", "verify"]);
    eq(pair.privateKey.algorithm.modulusLength, 2048);
    eq(hex(pair.publicKey.algorithm.publicExponent), "010001");
    eq(pair.publicKey.algorithm.hash.name, "SHA-256");
    const alg = { name, saltLength: 32 };
    const data = utf8("hello");
    const sig = await subtle().sign(alg, pair.privateKey, data);
    eq(sig.byteLength, 256);
    ok(await subtle().verify(alg, pair.publicKey, sig, data));
    eq(await subtle().verify(alg, pair.publicKey, sig, utf8("hellO")), false);
    const jwk = await subtle().exportKey("jwk", pair.privateKey);
    eq(jwk.alg, name === "RSA-PSS" ? "PS256" : "RS256");
    const priv = await subtle().importKey("jwk", jwk, { name, hash: "SHA-256" }, false, ["sign"]);
    const pub = await subtle().importKey("spki", await subtle().exportKey("spki", pair.publicKey), { name, hash: "SHA-256" }, false, ["verify"]);
    ok(await subtle().verify(alg, pub, await subtle().sign(alg, priv, data), data));
    await rejects("DataError", () => subtle().importKey("jwk", jwk, { name, hash: "SHA-384" }, false, ["sign"]), "alg vs hash");
  }
});

test("Ed25519: generate, sign, verify, raw/jwk/pkcs8", async () => {
  const pair = await subtle().generateKey("Ed25519", true, ["sign", "verify"]);
  const data = utf8("ed");
  const sig = await subtle().sign("Ed25519", pair.privateKey, data);
  eq(sig.byteLength, 64);
  ok(await subtle().verify("Ed25519", pair.publicKey, sig, data));
  eq(await subtle().verify("Ed25519", pair.publicKey, sig, utf8("eD")), false);
  const raw = await subtle().exportKey("raw", pair.publicKey);
  eq(raw.byteLength, 32);
  const jwk = await subtle().exportKey("jwk", pair.privateKey);
  eq(jwk.kty, "OKP"); eq(jwk.crv, "Ed25519");
  const fromPkcs8 = await subtle().importKey("pkcs8", await subtle().exportKey("pkcs8", pair.privateKey), "Ed25519", true, ["sign"]);
  deepEq(await subtle().exportKey("jwk", fromPkcs8), jwk, "pkcs8 import recovers the public key");
  const pub = await subtle().importKey("raw", raw, "Ed25519", false, ["verify"]);
  ok(await subtle().verify("Ed25519", pub, await subtle().sign("Ed25519", fromPkcs8, data), data));
  // Another public key: the last two characters changed (a random key ends in "AA" about once in 1,024).
  const otherX = jwk.x.slice(0, -2) + (jwk.x.endsWith("AA") ? "AE" : "AA");
  await rejects("DataError", () => subtle().importKey("jwk", { ...jwk, x: otherX }, "Ed25519", true, ["sign"]), "d and x disagree");
});

test("wrapKey / unwrapKey with AES-GCM", async () => {
  const kek = await subtle().generateKey({ name: "AES-GCM", length: 128 }, false, ["wrapKey", "unwrapKey"]);
  const hmac = await subtle().generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  const iv = new Uint8Array(12);
  const wrapped = await subtle().wrapKey("jwk", hmac, kek, { name: "AES-GCM", iv });
  const back = await subtle().unwrapKey("jwk", wrapped, kek, { name: "AES-GCM", iv }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  eq(hex(await subtle().exportKey("raw", back)), hex(await subtle().exportKey("raw", hmac)));
});
