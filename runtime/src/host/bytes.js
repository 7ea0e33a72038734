// How headers and bodies cross between Java and JS.
// Bodies arrive from Java as ByteBuffers. An ArrayBuffer over a ByteBuffer is an interop buffer:
// every element access crosses into Java (an 11 MB arrayBuffer() took ~500 ms), while one bulk
// set() into a heap Uint8Array costs a few ms. So bodies are copied once, on arrival.
/** Header lists cross as one string, `name0\nvalue0\nname1...` (fields never contain a line feed). */
export function headersFromHost(joined) {
  return joined === "" ? [] : joined.split("\n");
}

export function headersToHost(flat) {
  return flat.join("\n");
}

export function bytesFromHost(buffer) {
  if (buffer === null) return null;
  const view = new Uint8Array(new ArrayBuffer(buffer));
  const bytes = new Uint8Array(view.length);
  bytes.set(view);
  return bytes;
}
