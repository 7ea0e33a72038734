/** The HTTP message values shared by public ingress, RPC and outbound fetch. */
package io.w7s.host.web;
