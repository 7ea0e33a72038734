// Test app for IsolatePool: answers which isolate served the request (module state is per isolate).
// /wait stays in flight until the test ends the request body; /bomb allocates until the memory limit.
const isolate = crypto.randomUUID();
let served = 0;
const kept = [];
export default {
  async fetch(request) {
    served++;
    const url = new URL(request.url);
    if (url.pathname === "/wait") await request.text();
    if (url.pathname === "/bomb") while (true) kept.push(new Array(1 << 20).fill(1.5));
    return Response.json({ isolate, served });
  },
};
