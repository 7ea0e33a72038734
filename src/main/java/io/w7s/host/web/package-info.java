/** HTTP messages (values and streamed bodies) shared by public ingress, RPC and outbound fetch, and the outbound HTTP client. */
package io.w7s.host.web;
