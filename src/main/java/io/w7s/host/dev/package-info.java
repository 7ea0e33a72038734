/** The development loop of {@code w7s dev}: watches app folders and redeploys each one when it changes. */
package io.w7s.host.dev;
