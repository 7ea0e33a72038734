// Streamed bodies between JS and the Java host (io.w7s.host.web.BodyStream): a queue with
// backpressure, known to JS by a stream id.
//  - JS consumes (request bodies, RPC response bodies): a ReadableStream whose pull() polls the
//    host for one chunk; when none is there yet, it waits for streamEvent(sid, 0).
//  - JS produces (response bodies, RPC request bodies): pumpToHost reads the program's stream and
//    writes each chunk; when the host's queue is full it waits for streamEvent(sid, 0) before
//    reading the next chunk, so a program's stream is only pulled as fast as the consumer takes it.
//    streamEvent(sid, 1) means the consumer cancelled (e.g. the client went away).
import { runtimeModule } from "../web/lazy.js";
import { bytesFromHost } from "./bytes.js";
import { describeError } from "./console.js";
import { STREAM_CANCELLED } from "./protocol.js";

export function installStreams(host) {
  const waiting = new Map(); // sid -> resolve(): a pull or a write waiting for the host
  const cancels = new Map(); // sid -> (reason) => void: producers' readers

  /**
   * A ReadableStream of the host stream `sid`. With `signal` (a fetch() response body), an abort
   * errors the stream with the signal's reason and cancels the host side (closing the connection).
   */
  function streamFromHost(sid, signal = null) {
    const { ReadableStream } = runtimeModule("streams");
    let onAbort = null;
    const unlisten = () => {
      if (onAbort !== null) {
        signal.removeEventListener("abort", onAbort);
        onAbort = null;
      }
    };
    return new ReadableStream({
      start(controller) {
        if (signal === null) return;
        onAbort = () => {
          onAbort = null;
          waiting.delete(sid);
          host.streamCancel(sid, "aborted");
          controller.error(signal.reason);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        for (;;) {
          const r = host.streamPoll(sid);
          if (r === null) {
            await new Promise((resolve) => waiting.set(sid, resolve));
            continue;
          }
          if (r === 0) {
            unlisten();
            controller.close();
          } else if (typeof r === "string") {
            unlisten();
            controller.error(new TypeError("The body stream failed: " + r));
          } else {
            controller.enqueue(bytesFromHost(r));
          }
          return;
        }
      },
      cancel(reason) {
        unlisten();
        waiting.delete(sid);
        host.streamCancel(sid, reason === undefined ? "cancelled" : String(reason));
      },
    }, { highWaterMark: 0 });
  }

  async function pumpToHost(stream, sid) {
    let reader;
    try {
      reader = stream.getReader();
    } catch (e) {
      host.streamEnd(sid, describeError(e));
      return;
    }
    let cancelled = false;
    cancels.set(sid, (reason) => {
      cancelled = true;
      reader.cancel(reason).catch(() => {});
    });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (cancelled) return;
        if (done) {
          host.streamEnd(sid, null);
          return;
        }
        if (!(value instanceof Uint8Array)) throw new TypeError("Body stream chunks must be Uint8Array");
        if (value.byteLength === 0) continue;
        const r = host.streamWrite(sid, value.buffer, value.byteOffset, value.byteLength);
        if (r < 0) {
          cancelled = true;
          reader.cancel(new TypeError("The body's reader went away")).catch(() => {});
          return;
        }
        if (r === 0) {
          await new Promise((resolve) => waiting.set(sid, resolve));
          if (cancelled) return;
        }
      }
    } catch (e) {
      if (cancelled) return;
      host.streamEnd(sid, describeError(e));
      reader.cancel(e).catch(() => {});
    } finally {
      cancels.delete(sid);
      waiting.delete(sid);
    }
  }

  /** Called by Java on the loop thread: 0 = the stream can be read or written again, 1 = its consumer cancelled. */
  function streamEvent(sid, kind) {
    const resolve = waiting.get(sid);
    if (resolve !== undefined) {
      waiting.delete(sid);
      resolve();
    }
    if (kind === STREAM_CANCELLED) {
      const cancel = cancels.get(sid);
      if (cancel !== undefined) cancel(new TypeError("The body's reader went away"));
    }
  }

  return { streamFromHost, pumpToHost, streamEvent };
}
