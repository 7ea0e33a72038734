// Another app: sees only its own globals and builtins.
export default {
  fetch() {
    return Response.json({
      polluted: ({}).polluted ?? null,
      includes: [1, 2].includes(3),
      sharedSecret: globalThis.sharedSecret ?? null,
      json: JSON.parse("{\"a\":1}"),
    });
  },
};
