/** Turns app folders into deployments and swaps them atomically. */
package io.w7s.host.deploy;
