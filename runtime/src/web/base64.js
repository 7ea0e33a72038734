// atob / btoa (HTML §8.3) with the forgiving-base64 decode of the Infra Standard.
import { DOMException } from "./dom-exception.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = decodeTable(); // a function: loops at module level slow the bootstrap down (see define.js)

function decodeTable() {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
}
const WHITESPACE = /[\t\n\f\r ]+/g;

function needArgument(name, args) {
  if (args.length < 1) throw new TypeError(`Failed to execute '${name}': 1 argument required, but only 0 present.`);
}

export function btoa(data) {
  needArgument("btoa", arguments);
  const s = String(data);
  const n = s.length;
  let out = "";
  for (let i = 0; i < n; i += 3) {
    const a = s.charCodeAt(i), b = i + 1 < n ? s.charCodeAt(i + 1) : 0, c = i + 2 < n ? s.charCodeAt(i + 2) : 0;
    if (a > 255 || b > 255 || c > 255) {
      throw new DOMException("The string to be encoded contains characters outside of the Latin1 range.", "InvalidCharacterError");
    }
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)] +
      (i + 1 < n ? ALPHABET[((b & 15) << 2) | (c >> 6)] : "=") + (i + 2 < n ? ALPHABET[c & 63] : "=");
  }
  return out;
}

export function atob(data) {
  needArgument("atob", arguments);
  let s = String(data).replace(WHITESPACE, "");
  if (s.length % 4 === 0) {
    if (s.endsWith("==")) s = s.slice(0, -2);
    else if (s.endsWith("=")) s = s.slice(0, -1);
  }
  if (s.length % 4 === 1) throw invalid();
  let out = "", buffer = 0, bits = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? DECODE[code] : -1;
    if (v < 0) throw invalid();
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 255);
    }
  }
  return out;
}

function invalid() {
  return new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
}
