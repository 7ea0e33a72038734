// Same global name as test/basics: isolates must not share it.
globalThis.shared = globalThis.shared ?? "other";
export default {
  fetch() {
    return new Response(String(globalThis.shared));
  },
};
