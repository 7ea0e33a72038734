// Byte helpers shared by the body, Blob and stream code.

/** One Uint8Array holding `chunks` (Uint8Arrays of `total` bytes in all) in order; a single chunk is returned as is. */
export function concatBytes(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
