// The global fetch(): CHANNEL_FETCH of the one subrequest path (./subrequest.js), real HTTP
// through the Java host's client (OutboundFetch).
import { CHANNEL_FETCH } from "./protocol.js";

export function installFetch(global, subrequests) {
  async function fetch(input, init = undefined) {
    return subrequests.send(CHANNEL_FETCH, new Request(input, init));
  }
  Object.defineProperty(global, "fetch", { value: fetch, writable: true, configurable: true, enumerable: false });
}
