/** GraalJS isolates: one Context per isolate, owned by a single-threaded event loop. */
package io.w7s.host.isolate;
