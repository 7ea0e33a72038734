// Reliability suite: the calm app. Answers at once; its latency under load is the yardstick for
// "no other app notices" while the fault apps misbehave.
export default {
  fetch() {
    return new Response("plain");
  },
};
