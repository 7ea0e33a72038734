/** What the host shows about itself: health, Prometheus metrics, OpenTelemetry traces across RPC hops, and the dashboard's live figures. */
package io.w7s.host.observe;
