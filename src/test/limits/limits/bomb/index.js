// Test app that allocates without bound when asked, keeping everything it allocates.
const kept = [];
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/bomb") {
      while (true) kept.push(new Array(1 << 20).fill(1.5));
    }
    return new Response("ok " + kept.length);
  },
};
