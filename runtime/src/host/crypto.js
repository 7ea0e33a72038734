// The `crypto` global (an instance of `Crypto`): getRandomValues and randomUUID from the JDK's
// SecureRandom; `crypto.subtle`, `SubtleCrypto` and `CryptoKey` come from the lazy "subtle" bundle
// (runtime/src/host/subtle.js), loaded the first time one of them is read.
import { runtimeModule } from "../web/lazy.js";
import { DOMException } from "../web/dom-exception.js";
import { bytesFromHost } from "./bytes.js";

export function installCrypto(global, host) {
  const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
    Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
  let subtle = null;
  const subtleModule = () => {
    const m = runtimeModule("subtle");
    if (subtle === null) subtle = m.createSubtle(host.subtle(), DOMException, bytesFromHost);
    return m;
  };
  let constructing = false;
  class Crypto {
    constructor() {
      if (!constructing) throw new TypeError("Illegal constructor");
    }
    getRandomValues(array) {
      if (!integerArrays.some((T) => array instanceof T)) {
        throw new DOMException("crypto.getRandomValues: argument must be an integer TypedArray", "TypeMismatchError");
      }
      if (array.byteLength > 65536) {
        throw new DOMException(`crypto.getRandomValues: ${array.byteLength} bytes requested, at most 65536 allowed`,
          "QuotaExceededError");
      }
      const random = new Uint8Array(new ArrayBuffer(host.randomBytes(array.byteLength)));
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(random);
      return array;
    }
    randomUUID() {
      return host.randomUUID();
    }
    get subtle() {
      subtleModule();
      return subtle;
    }
  }
  Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: "Crypto", configurable: true });
  constructing = true;
  const crypto = new Crypto();
  constructing = false;
  define(global, "Crypto", Crypto);
  define(global, "crypto", crypto);
  for (const name of ["SubtleCrypto", "CryptoKey"]) {
    Object.defineProperty(global, name, {
      configurable: true,
      enumerable: false,
      get() {
        const value = subtleModule()[name];
        define(global, name, value);
        return value;
      },
      set(value) {
        define(global, name, value);
      },
    });
  }
}

function define(global, name, value) {
  Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
}
