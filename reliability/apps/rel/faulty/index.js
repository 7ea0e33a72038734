// Reliability suite: misbehaves on request. Its limits (w7s.json) are short so the suite is quick.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/ok":
        return new Response("ok");
      case "/throw":
        throw new Error("faulty: thrown on purpose");
      case "/loop":
        while (true) {}
      case "/never":
        return new Promise(() => {});
    }
    return new Response("not found", { status: 404 });
  },
};
