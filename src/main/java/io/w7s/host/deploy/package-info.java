/** Turns app folders into deployments (each running a pool of isolates of its code) and swaps them atomically. */
package io.w7s.host.deploy;
