// Hello world: the smallest W7S backend, for throughput/latency benchmarks.
export default {
  fetch() {
    return new Response("Hello World");
  },
};
