/** In-process calls between deployments: token → caller, allowlist, same environment, identity headers. */
package io.w7s.host.rpc;
