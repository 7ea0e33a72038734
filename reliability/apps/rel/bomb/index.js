// Reliability suite: allocates without bound and keeps everything reachable from a global, so
// only the platform's memory limit (or the CPU limit, whichever comes first) can stop it.
const hoard = [];
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/ok") return new Response("ok " + hoard.length);
    if (url.pathname === "/bomb") {
      for (let i = 0; ; i++) hoard.push(new Array(1 << 20).fill(i + 0.5)); // ~8 MiB of doubles each
    }
    return new Response("not found", { status: 404 });
  },
};
