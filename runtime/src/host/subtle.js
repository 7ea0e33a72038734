// WebCrypto SubtleCrypto and CryptoKey (lazy "subtle" bundle). This side follows the Web
// Cryptography spec's normalization and checks (algorithm names, usages, extractable, error
// types); the cryptography runs in Java (io.w7s.host.isolate.crypto.SubtleHost, JCA), where keys
// stay behind opaque handles. Every operation runs synchronously on the loop and returns a promise.

let be = null; // SubtleHost
let DOMEx = null;
let fromHost = null;
let subtleInstance = null;
const TOKEN = Symbol("w7s CryptoKey");

const HASHES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
const HASH_BLOCK_BITS = { "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };
const CURVES = ["P-256", "P-384", "P-521"];

// name -> { kind, ops, usages: { secret | public | private: [...] } }
const SIG = { public: ["verify"], private: ["sign"] };
const AGREE = { public: [], private: ["deriveKey", "deriveBits"] };
const ALGORITHMS = {
  "SHA-1": { ops: ["digest"] }, "SHA-256": { ops: ["digest"] }, "SHA-384": { ops: ["digest"] }, "SHA-512": { ops: ["digest"] },
  "HMAC": { kind: "secret", ops: ["sign", "verify", "importKey", "exportKey", "generateKey", "getKeyLength"], usages: { secret: ["sign", "verify"] } },
  "AES-GCM": { kind: "secret", ops: ["encrypt", "decrypt", "importKey", "exportKey", "generateKey", "getKeyLength"], usages: { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] } },
  "AES-CBC": { kind: "secret", ops: ["encrypt", "decrypt", "importKey", "exportKey", "generateKey", "getKeyLength"], usages: { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] } },
  "PBKDF2": { kind: "secret", ops: ["deriveBits", "importKey", "getKeyLength"], usages: { secret: ["deriveKey", "deriveBits"] } },
  "HKDF": { kind: "secret", ops: ["deriveBits", "importKey", "getKeyLength"], usages: { secret: ["deriveKey", "deriveBits"] } },
  "RSASSA-PKCS1-v1_5": { kind: "RSA", ops: ["sign", "verify", "importKey", "exportKey", "generateKey"], usages: SIG },
  "RSA-PSS": { kind: "RSA", ops: ["sign", "verify", "importKey", "exportKey", "generateKey"], usages: SIG },
  "ECDSA": { kind: "EC", ops: ["sign", "verify", "importKey", "exportKey", "generateKey"], usages: SIG },
  "ECDH": { kind: "EC", ops: ["deriveBits", "importKey", "exportKey", "generateKey"], usages: AGREE },
  "Ed25519": { kind: "Ed25519", ops: ["sign", "verify", "importKey", "exportKey", "generateKey"], usages: SIG },
  "X25519": { kind: "X25519", ops: ["deriveBits", "importKey", "exportKey", "generateKey"], usages: AGREE },
};
const NAMES = Object.keys(ALGORITHMS);

const err = (name, message) => new DOMEx(message, name);

function check(result) {
  if (result === null || result === -1) {
    const e = be.lastError();
    const nl = e.indexOf("\n");
    throw err(e.slice(0, nl), e.slice(nl + 1));
  }
  return result;
}

function out(byteBuffer) {
  return fromHost(check(byteBuffer)).buffer;
}

/** A BufferSource as a Uint8Array view (no copy: operations read it before returning). */
function bytes(v, what) {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${what} is not a BufferSource (ArrayBuffer, TypedArray or DataView)`);
}

function copy(v, what) {
  return bytes(v, what).slice();
}

function dict(v, what) {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" && typeof v !== "function") throw new TypeError(`${what} must be an object`);
  return v;
}

function required(alg, member, what) {
  const v = alg[member];
  if (v === undefined) throw new TypeError(`${what}: member '${member}' is required`);
  return v;
}

function unsignedLong(v, what) {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  return Math.trunc(n) >>> 0;
}

function algorithmName(alg) {
  if (typeof alg === "string") return alg;
  if (alg === null || typeof alg !== "object") throw new TypeError("Algorithm must be a string or an object with a name");
  return String(required(alg, "name", "Algorithm"));
}

function hashAlgorithm(h, what) {
  if (h === undefined) throw new TypeError(`${what}: member 'hash' is required`);
  const upper = algorithmName(h).toUpperCase();
  const name = HASHES.find((n) => n === upper);
  if (!name) throw err("NotSupportedError", `${what}: unsupported hash ${algorithmName(h)}`);
  return name;
}

/** The spec's "normalize an algorithm": canonical name plus the members `op` reads, validated. */
function normalize(op, alg) {
  const raw = algorithmName(alg);
  const upper = raw.toUpperCase();
  const name = NAMES.find((n) => n.toUpperCase() === upper);
  if (!name || !ALGORITHMS[name].ops.includes(op)) {
    throw err("NotSupportedError", `Algorithm ${raw} is not supported for ${op}`);
  }
  const a = typeof alg === "string" ? {} : alg;
  const r = { name };
  const what = `${name} ${op}`;
  switch (name) {
    case "HMAC":
      if (op === "importKey" || op === "generateKey" || op === "getKeyLength") {
        r.hash = hashAlgorithm(a.hash, what);
        if (a.length !== undefined) r.length = unsignedLong(a.length, "length");
      }
      break;
    case "AES-GCM":
      if (op === "encrypt" || op === "decrypt") {
        r.iv = bytes(required(a, "iv", what), "iv");
        if (a.additionalData !== undefined) r.additionalData = bytes(a.additionalData, "additionalData");
        r.tagLength = a.tagLength === undefined ? 128 : unsignedLong(a.tagLength, "tagLength");
      } else if (op === "generateKey" || op === "getKeyLength") {
        r.length = unsignedLong(required(a, "length", what), "length");
      }
      break;
    case "AES-CBC":
      if (op === "encrypt" || op === "decrypt") r.iv = bytes(required(a, "iv", what), "iv");
      else if (op === "generateKey" || op === "getKeyLength") r.length = unsignedLong(required(a, "length", what), "length");
      break;
    case "PBKDF2":
      if (op === "deriveBits") {
        r.salt = bytes(required(a, "salt", what), "salt");
        r.iterations = unsignedLong(required(a, "iterations", what), "iterations");
        r.hash = hashAlgorithm(a.hash, what);
      }
      break;
    case "HKDF":
      if (op === "deriveBits") {
        r.salt = bytes(required(a, "salt", what), "salt");
        r.info = bytes(required(a, "info", what), "info");
        r.hash = hashAlgorithm(a.hash, what);
      }
      break;
    case "RSASSA-PKCS1-v1_5":
    case "RSA-PSS":
      if (op === "generateKey") {
        r.modulusLength = unsignedLong(required(a, "modulusLength", what), "modulusLength");
        const e = required(a, "publicExponent", what);
        if (!(e instanceof Uint8Array)) throw new TypeError("publicExponent must be a Uint8Array");
        r.publicExponent = e.slice();
      }
      if (op === "generateKey" || op === "importKey") r.hash = hashAlgorithm(a.hash, what);
      if (name === "RSA-PSS" && (op === "sign" || op === "verify")) {
        r.saltLength = unsignedLong(required(a, "saltLength", what), "saltLength");
      }
      break;
    case "ECDSA":
    case "ECDH":
      if (op === "generateKey" || op === "importKey") {
        r.namedCurve = String(required(a, "namedCurve", what));
        if (!CURVES.includes(r.namedCurve)) throw err("NotSupportedError", `Unsupported named curve ${r.namedCurve}`);
      }
      if (name === "ECDSA" && (op === "sign" || op === "verify")) r.hash = hashAlgorithm(a.hash, what);
      if (op === "deriveBits") r.public = required(a, "public", what);
      break;
    case "X25519":
      if (op === "deriveBits") r.public = required(a, "public", what);
      break;
    default:
  }
  return r;
}

// ---- CryptoKey ----

const internals = new WeakMap();

export class CryptoKey {
  constructor(token, type, extractable, algorithm, usages, handle) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
    internals.set(this, { type, extractable, algorithm: Object.freeze(algorithm), usages: Object.freeze(usages), handle });
  }
  get type() { return key(this).type; }
  get extractable() { return key(this).extractable; }
  get algorithm() { return key(this).algorithm; }
  get usages() { return key(this).usages; }
}
Object.defineProperty(CryptoKey, "name", { value: "CryptoKey" }); // the lazy bundle is minified
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });

function key(k, what = "key") {
  const i = internals.get(k);
  if (!i) throw new TypeError(`${what} is not a CryptoKey`);
  return i;
}

const USAGE_ORDER = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];

function usageList(usages) {
  if (usages === null || typeof usages !== "object" || typeof usages[Symbol.iterator] !== "function") {
    throw new TypeError("keyUsages must be a sequence of strings");
  }
  const list = [];
  for (const u of usages) {
    const s = String(u);
    if (!USAGE_ORDER.includes(s)) throw new TypeError(`'${s}' is not a valid KeyUsage`);
    if (!list.includes(s)) list.push(s);
  }
  return list;
}

function checkUsages(usages, allowed, what) {
  for (const u of usages) {
    if (!allowed.includes(u)) throw err("SyntaxError", `Usage '${u}' is not allowed for ${what}`);
  }
}

function makeKey(type, extractable, algorithm, usages, handle) {
  if ((type === "secret" || type === "private") && usages.length === 0) {
    throw err("SyntaxError", `A ${type} key needs at least one usage`);
  }
  return new CryptoKey(TOKEN, type, extractable, algorithm, usages, handle);
}

function hexBytes(hex) {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.substr(i * 2, 2), 16);
  return b;
}

/** Wraps an asymmetric handle into a CryptoKey: type and key details come from Java. */
function asymmetricKey(alg, handle, extractable, usages) {
  const d = be.describe(handle).split("\n");
  const type = d[0];
  const algorithm = { name: alg.name };
  if (d[1] === "RSA") {
    algorithm.modulusLength = Number(d[2]);
    algorithm.publicExponent = hexBytes(d[3]);
    algorithm.hash = { name: alg.hash };
  } else if (d[1] === "EC") {
    if (alg.namedCurve !== undefined && d[2] !== alg.namedCurve) throw err("DataError", `The key is on ${d[2]}, not ${alg.namedCurve}`);
    algorithm.namedCurve = d[2];
  }
  checkUsages(usages, ALGORITHMS[alg.name].usages[type], `a ${type} ${alg.name} key`);
  return makeKey(type, extractable, algorithm, usages, handle);
}

function secretLengthBits(alg) {
  switch (alg.name) {
    case "HMAC":
      if (alg.length === undefined) return HASH_BLOCK_BITS[alg.hash];
      if (alg.length === 0) throw new TypeError("HMAC length must not be 0");
      return alg.length;
    case "AES-GCM":
    case "AES-CBC":
      if (![128, 192, 256].includes(alg.length)) throw err("OperationError", "AES key length must be 128, 192 or 256 bits");
      return alg.length;
    default:
      return null;
  }
}

const JWK_ALG = {
  "HMAC": (a) => "HS" + a.hash.name.slice(4),
  "AES-GCM": (a) => `A${a.length}GCM`,
  "AES-CBC": (a) => `A${a.length}CBC`,
  "RSASSA-PKCS1-v1_5": (a) => "RS" + a.hash.name.slice(4),
  "RSA-PSS": (a) => "PS" + a.hash.name.slice(4),
};
const JWK_CRV_ALG = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };

function b64urlDecode(s, what) {
  if (typeof s !== "string" || !/^[A-Za-z0-9_-]*$/.test(s)) throw err("DataError", `JWK member ${what} is not base64url`);
  let t = s.replace(/-/g, "+").replace(/_/g, "/");
  while (t.length % 4) t += "=";
  let bin;
  try { bin = atob(t); } catch { throw err("DataError", `JWK member ${what} is not base64url`); }
  const b = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
  return b;
}

function b64urlEncode(b) {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function checkJwkCommon(jwk, alg, extractable, usages, expectedUse) {
  if (jwk.use !== undefined && usages.length > 0 && jwk.use !== expectedUse) {
    throw err("DataError", `JWK 'use' is ${jwk.use}, expected ${expectedUse}`);
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) throw err("DataError", "JWK key_ops must be an array");
    for (const u of usages) if (!jwk.key_ops.includes(u)) throw err("DataError", `Usage '${u}' is not in the JWK's key_ops`);
  }
  if (jwk.ext === false && extractable) throw err("DataError", "The JWK is not extractable (ext: false)");
}

function importSecretKey(format, keyData, alg, extractable, usages) {
  checkUsages(usages, ALGORITHMS[alg.name].usages.secret, alg.name);
  let raw;
  if (format === "raw") {
    raw = bytes(keyData, "keyData");
  } else if (format === "jwk" && alg.name !== "PBKDF2" && alg.name !== "HKDF") {
    if (keyData.kty !== "oct") throw err("DataError", "JWK kty must be 'oct'");
    raw = b64urlDecode(keyData.k, "k");
    checkJwkCommon(keyData, alg, extractable, usages, "enc");
    if (alg.name === "HMAC" && keyData.use !== undefined && usages.length > 0 && keyData.use !== "sig") {
      throw err("DataError", "JWK 'use' must be 'sig' for HMAC");
    }
  } else {
    throw err("NotSupportedError", `Format ${format} is not supported for ${alg.name}`);
  }
  const bits = raw.length * 8;
  const algorithm = { name: alg.name };
  if (alg.name === "HMAC") {
    if (bits === 0) throw err("DataError", "HMAC key must not be empty");
    if (alg.length !== undefined && alg.length !== bits) throw err("DataError", `HMAC key has ${bits} bits, length says ${alg.length}`);
    algorithm.hash = { name: alg.hash };
    algorithm.length = bits;
  } else if (alg.name.startsWith("AES-")) {
    if (![128, 192, 256].includes(bits)) throw err("DataError", "AES key must be 16, 24 or 32 bytes");
    algorithm.length = bits;
  } else if (extractable) {
    throw err("SyntaxError", `${alg.name} keys cannot be extractable`);
  }
  if (format === "jwk" && keyData.alg !== undefined && JWK_ALG[alg.name] && keyData.alg !== JWK_ALG[alg.name](algorithm)) {
    throw err("DataError", `JWK alg ${keyData.alg} does not match ${JWK_ALG[alg.name](algorithm)}`);
  }
  return makeKey("secret", extractable, algorithm, usages, be.importSecret(raw.buffer, raw.byteOffset, raw.byteLength));
}

function importAsymmetricKey(format, keyData, alg, extractable, usages) {
  const kind = ALGORITHMS[alg.name].kind;
  const curve = alg.namedCurve ?? kind;
  let handle;
  if (format === "jwk") {
    const jwk = keyData;
    const kty = kind === "Ed25519" || kind === "X25519" ? "OKP" : kind;
    if (jwk.kty !== kty) throw err("DataError", `JWK kty must be '${kty}'`);
    if (kty !== "RSA" && jwk.crv !== curve) throw err("DataError", `JWK crv must be '${curve}'`);
    checkJwkCommon(jwk, alg, extractable, usages, alg.name === "ECDH" || alg.name === "X25519" ? "enc" : "sig");
    if (jwk.alg !== undefined) {
      const expected = JWK_ALG[alg.name] ? JWK_ALG[alg.name]({ hash: { name: alg.hash } })
        : alg.name === "ECDSA" ? JWK_CRV_ALG[curve] : alg.name === "Ed25519" ? ["Ed25519", "EdDSA"] : undefined;
      if (expected !== undefined && !(Array.isArray(expected) ? expected.includes(jwk.alg) : jwk.alg === expected)) {
        throw err("DataError", `JWK alg ${jwk.alg} does not match ${alg.name}`);
      }
    }
    const fields = [];
    for (const f of ["n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y"]) {
      if (jwk[f] !== undefined) {
        b64urlDecode(jwk[f], f);
        fields.push(f, jwk[f]);
      }
    }
    handle = check(be.importJwk(kind, curve, fields.join("\n")));
  } else {
    if (format === "raw" && kind === "RSA" || format !== "raw" && format !== "spki" && format !== "pkcs8") {
      throw err("NotSupportedError", `Format ${format} is not supported for ${alg.name}`);
    }
    const b = bytes(keyData, "keyData");
    handle = check(be.importKey(kind, format, curve, b.buffer, b.byteOffset, b.byteLength));
  }
  return asymmetricKey(alg, handle, extractable, usages);
}

function importKeyNow(format, keyData, algorithm, extractable, keyUsages) {
  format = String(format);
  if (!["raw", "spki", "pkcs8", "jwk"].includes(format)) throw new TypeError(`'${format}' is not a valid KeyFormat`);
  if (format === "jwk") {
    if (keyData === null || typeof keyData !== "object" || keyData instanceof ArrayBuffer || ArrayBuffer.isView(keyData)) {
      throw new TypeError("A jwk key must be a JsonWebKey object");
    }
  } else {
    bytes(keyData, "keyData");
  }
  const alg = normalize("importKey", algorithm);
  const usages = usageList(keyUsages);
  return ALGORITHMS[alg.name].kind === "secret"
    ? importSecretKey(format, keyData, alg, Boolean(extractable), usages)
    : importAsymmetricKey(format, keyData, alg, Boolean(extractable), usages);
}

function exportKeyNow(format, k) {
  format = String(format);
  if (!["raw", "spki", "pkcs8", "jwk"].includes(format)) throw new TypeError(`'${format}' is not a valid KeyFormat`);
  const i = key(k);
  const name = i.algorithm.name;
  if (name === "PBKDF2" || name === "HKDF") throw err("NotSupportedError", `${name} keys cannot be exported`);
  if (!i.extractable) throw err("InvalidAccessError", "The key is not extractable");
  if (format === "jwk") {
    const jwk = {};
    const f = check(be.exportJwk(i.handle)).split("\n");
    for (let j = 0; j < f.length; j += 2) jwk[f[j]] = f[j + 1];
    if (JWK_ALG[name]) jwk.alg = JWK_ALG[name](i.algorithm);
    else if (name === "Ed25519") jwk.alg = "Ed25519";
    jwk.key_ops = [...i.usages];
    jwk.ext = i.extractable;
    return jwk;
  }
  if (i.type === "secret" ? format !== "raw" : format === "raw" ? i.type !== "public" || name.startsWith("RSA")
    : format === "spki" ? i.type !== "public" : i.type !== "private") {
    throw err(i.type === "secret" || name.startsWith("RSA") && format === "raw" ? "NotSupportedError" : "InvalidAccessError",
      `Cannot export a ${i.type} ${name} key as ${format}`);
  }
  return out(be.exportKey(format, i.handle));
}

function generateKeyNow(algorithm, extractable, keyUsages) {
  const alg = normalize("generateKey", algorithm);
  const usages = usageList(keyUsages);
  extractable = Boolean(extractable);
  const spec = ALGORITHMS[alg.name];
  if (spec.kind === "secret") {
    checkUsages(usages, spec.usages.secret, alg.name);
    const bits = secretLengthBits(alg);
    if (bits % 8 !== 0) throw err("NotSupportedError", "Key lengths that are not a multiple of 8 bits are not supported");
    const algorithm = { name: alg.name, length: bits };
    if (alg.name === "HMAC") algorithm.hash = { name: alg.hash };
    return makeKey("secret", extractable, alg.name === "HMAC" ? { name: "HMAC", hash: algorithm.hash, length: bits } : algorithm,
      usages, be.generateSecret(bits / 8));
  }
  checkUsages(usages, [...spec.usages.public, ...spec.usages.private], alg.name);
  let param = alg.namedCurve ?? "";
  let e = new Uint8Array(0);
  if (spec.kind === "RSA") {
    if (alg.modulusLength < 1024 || alg.modulusLength > 16384 || alg.modulusLength % 8 !== 0) {
      throw err("OperationError", "modulusLength must be a multiple of 8 between 1024 and 16384");
    }
    param = String(alg.modulusLength);
    e = alg.publicExponent;
    if (e.length === 0) throw err("OperationError", "publicExponent is empty");
  }
  const pair = check(be.generateKeyPair(spec.kind, param, e.buffer, e.byteOffset, e.byteLength));
  const privateKey = asymmetricKey(alg, pair, extractable, usages.filter((u) => spec.usages.private.includes(u)));
  const publicKey = asymmetricKey(alg, be.publicHalf(pair), true, usages.filter((u) => spec.usages.public.includes(u)));
  return { publicKey, privateKey };
}

function useKey(k, alg, usage) {
  const i = key(k);
  if (i.algorithm.name !== alg.name) throw err("InvalidAccessError", `The key is for ${i.algorithm.name}, not ${alg.name}`);
  if (!i.usages.includes(usage)) throw err("InvalidAccessError", `The key's usages do not include '${usage}'`);
  return i;
}

function signatureParams(alg, i) {
  if (alg.name === "ECDSA") return [alg.hash, 0];
  if (alg.name === "Ed25519") return ["", 0];
  return [i.algorithm.hash.name, alg.saltLength ?? 0];
}

function signNow(algorithm, k, data) {
  const alg = normalize("sign", algorithm);
  const d = bytes(data, "data");
  const i = useKey(k, alg, "sign");
  if (alg.name === "HMAC") return out(be.hmac(i.algorithm.hash.name, i.handle, d.buffer, d.byteOffset, d.byteLength));
  const [hash, salt] = signatureParams(alg, i);
  return out(be.sign(alg.name, hash, salt, i.handle, d.buffer, d.byteOffset, d.byteLength));
}

function verifyNow(algorithm, k, signature, data) {
  const alg = normalize("verify", algorithm);
  const s = copy(signature, "signature");
  const d = bytes(data, "data");
  const i = useKey(k, alg, "verify");
  if (alg.name === "HMAC") {
    return check(be.hmacVerify(i.algorithm.hash.name, i.handle, s.buffer, 0, s.byteLength, d.buffer, d.byteOffset, d.byteLength)) === 1;
  }
  const [hash, salt] = signatureParams(alg, i);
  return check(be.verify(alg.name, hash, salt, i.handle, s.buffer, 0, s.byteLength, d.buffer, d.byteOffset, d.byteLength)) === 1;
}

function concat(a, b) {
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

function cipherNow(op, algorithm, k, data) {
  const alg = normalize(op, algorithm);
  const d = bytes(data, "data");
  const i = useKey(k, alg, op);
  return cipher(op, alg, i, d);
}

function cipher(op, alg, i, d) {
  const encrypt = op === "encrypt" || op === "wrapKey";
  if (alg.name === "AES-GCM") {
    if (![32, 64, 96, 104, 112, 120, 128].includes(alg.tagLength)) throw err("OperationError", `Invalid tagLength ${alg.tagLength}`);
    if (alg.iv.length === 0) throw err("OperationError", "The IV must not be empty");
    const aad = alg.additionalData ?? new Uint8Array(0);
    const p = concat(alg.iv, aad);
    return out(be.aes("GCM", encrypt, i.handle, p.buffer, alg.iv.length, aad.length, alg.tagLength, d.buffer, d.byteOffset, d.byteLength));
  }
  if (alg.iv.length !== 16) throw err("OperationError", "The AES-CBC IV must be 16 bytes");
  const p = alg.iv.slice();
  return out(be.aes("CBC", encrypt, i.handle, p.buffer, 16, 0, 0, d.buffer, d.byteOffset, d.byteLength));
}

function deriveBitsNow(alg, i, length) {
  if (alg.name === "ECDH" || alg.name === "X25519") {
    const pub = key(alg.public, "public");
    if (pub.type !== "public") throw err("InvalidAccessError", "'public' must be a public key");
    if (pub.algorithm.name !== i.algorithm.name || pub.algorithm.namedCurve !== i.algorithm.namedCurve) {
      throw err("InvalidAccessError", "The public key's algorithm or curve differs from the base key's");
    }
    if (i.type !== "private") throw err("InvalidAccessError", "The base key must be a private key");
    return out(be.agree(i.handle, pub.handle, length === null ? -1 : length));
  }
  if (length === null || length % 8 !== 0) throw err("OperationError", "length must be a multiple of 8");
  if (alg.name === "PBKDF2") {
    if (alg.iterations === 0) throw err("OperationError", "iterations must not be 0");
    return out(be.pbkdf2(alg.hash, i.handle, alg.salt.buffer, alg.salt.byteOffset, alg.salt.byteLength, alg.iterations, length));
  }
  const p = concat(alg.salt, alg.info);
  return out(be.hkdf(alg.hash, i.handle, p.buffer, alg.salt.length, alg.info.length, length));
}

function lengthArg(length) {
  return length === undefined || length === null ? null : unsignedLong(length, "length");
}

export class SubtleCrypto {
  constructor(token) {
    if (token !== TOKEN) throw new TypeError("Illegal constructor");
  }
  async digest(algorithm, data) {
    const alg = normalize("digest", algorithm);
    const d = bytes(data, "data");
    return out(be.digest(alg.name, d.buffer, d.byteOffset, d.byteLength));
  }
  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    return importKeyNow(format, keyData, algorithm, extractable, keyUsages);
  }
  async exportKey(format, k) {
    return exportKeyNow(format, k);
  }
  async generateKey(algorithm, extractable, keyUsages) {
    return generateKeyNow(algorithm, extractable, keyUsages);
  }
  async sign(algorithm, k, data) {
    return signNow(algorithm, k, data);
  }
  async verify(algorithm, k, signature, data) {
    return verifyNow(algorithm, k, signature, data);
  }
  async encrypt(algorithm, k, data) {
    return cipherNow("encrypt", algorithm, k, data);
  }
  async decrypt(algorithm, k, data) {
    return cipherNow("decrypt", algorithm, k, data);
  }
  async deriveBits(algorithm, baseKey, length) {
    const alg = normalize("deriveBits", algorithm);
    const i = useKey(baseKey, alg, "deriveBits");
    return deriveBitsNow(alg, i, lengthArg(length));
  }
  async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    const alg = normalize("deriveBits", algorithm);
    normalize("importKey", derivedKeyType);
    const length = secretLengthBits(normalize("getKeyLength", derivedKeyType));
    const i = useKey(baseKey, alg, "deriveKey");
    const bits = deriveBitsNow(alg, i, length);
    return importKeyNow("raw", bits, derivedKeyType, extractable, keyUsages);
  }
  async wrapKey(format, k, wrappingKey, wrapAlgorithm) {
    const alg = normalize("encrypt", wrapAlgorithm);
    const i = useKey(wrappingKey, alg, "wrapKey");
    const exported = exportKeyNow(format, k);
    const data = format === "jwk" ? new TextEncoder().encode(JSON.stringify(exported)) : new Uint8Array(exported);
    return cipher("wrapKey", alg, i, data);
  }
  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    const alg = normalize("decrypt", unwrapAlgorithm);
    const i = useKey(unwrappingKey, alg, "unwrapKey");
    const plain = cipher("unwrapKey", alg, i, copy(wrappedKey, "wrappedKey"));
    let keyData = plain;
    if (String(format) === "jwk") {
      try { keyData = JSON.parse(new TextDecoder().decode(plain)); } catch { throw err("DataError", "The unwrapped key is not a JWK"); }
    }
    return importKeyNow(format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages);
  }
}
Object.defineProperty(SubtleCrypto, "name", { value: "SubtleCrypto" });
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: "SubtleCrypto", configurable: true });

/** Called once per isolate by crypto.js: wires the Java back end and returns the one `crypto.subtle`. */
export function createSubtle(backend, DOMExceptionClass, bytesFromHost) {
  if (subtleInstance === null) {
    be = backend;
    DOMEx = DOMExceptionClass;
    fromHost = bytesFromHost;
    subtleInstance = new SubtleCrypto(TOKEN);
  }
  return subtleInstance;
}
