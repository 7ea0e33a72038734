// Deterministic test bytes: byte i is (i * 131 + (i >> 8) * 7) & 0xff, a pattern with a 64 KiB
// period, so large bodies are built with native copies instead of a byte loop.
const PERIOD = 65536;

export function pattern(size: number): Uint8Array {
  const block = new Uint8Array(PERIOD);
  for (let i = 0; i < PERIOD; i++) block[i] = (i * 131 + (i >> 8) * 7) & 0xff;
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += PERIOD) bytes.set(block.subarray(0, Math.min(PERIOD, size - at)), at);
  return bytes;
}
