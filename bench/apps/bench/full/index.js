// Touches every lazily installed part of the runtime on its first request, so IsolateStartBench
// shows what an isolate costs when it uses the whole Web platform (URL, URLPattern, streams,
// compression, crypto.subtle, WebAssembly).
const ADD_WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0,
  7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const pattern = new URLPattern({ pathname: "/:name" });
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url.pathname));
    const gz = new Response(new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip")));
    const add = new WebAssembly.Instance(new WebAssembly.Module(ADD_WASM)).exports.add;
    return Response.json({
      matched: pattern.test(url),
      digest: digest.byteLength,
      gzip: (await gz.arrayBuffer()).byteLength,
      add: add(2, 3),
    });
  },
};
