/** The desired state: a manifest of deployments, bundles fetched and verified by digest, and the loop that converges a host on it. */
package io.w7s.host.manifest;
