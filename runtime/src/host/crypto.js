// crypto.getRandomValues and crypto.randomUUID from the JDK's SecureRandom (subtle comes later).
export function installCrypto(global, host) {
  const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
    Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
  const crypto = {
    getRandomValues(array) {
      if (!integerArrays.some((T) => array instanceof T)) {
        throw new TypeError("crypto.getRandomValues: argument must be an integer TypedArray");
      }
      if (array.byteLength > 65536) {
        const Ex = global.DOMException;
        const message = `crypto.getRandomValues: ${array.byteLength} bytes requested, at most 65536 allowed`;
        throw Ex ? new Ex(message, "QuotaExceededError") : new RangeError(message);
      }
      const random = new Uint8Array(new ArrayBuffer(host.randomBytes(array.byteLength)));
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(random);
      return array;
    },
    randomUUID() {
      return host.randomUUID();
    },
  };
  Object.defineProperty(global, "crypto", { value: crypto, writable: true, configurable: true, enumerable: false });
}
