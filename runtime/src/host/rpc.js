// env.W7S_RPC: a Fetcher whose fetch() goes to the host's RPC control plane, in-process
// (CHANNEL_RPC of the one subrequest path, ./subrequest.js). The call depth that stops A -> B -> A
// loops (508 loop_detected) is kept by the host per request, not here: whichever request's work
// makes the call, the call is one level deeper than that request.
import { CHANNEL_RPC } from "./protocol.js";

export function createRpcBinding(subrequests) {
  class Fetcher {
    /** Same signature as the global fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>. */
    async fetch(input, init = undefined) {
      return subrequests.send(CHANNEL_RPC, new Request(input, init));
    }

    get [Symbol.toStringTag]() {
      return "Fetcher";
    }
  }
  return new Fetcher();
}
