/**
 * GraalJS isolates: one sandboxed Context per isolate, owned by a single-threaded event loop, with
 * the JS↔Java protocol, per-request scopes, the one subrequest path, and the limits that stop a
 * runaway request or isolate.
 */
package io.w7s.host.isolate;
