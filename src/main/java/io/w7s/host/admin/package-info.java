/**
 * The admin listener: its HTTP API (deploy, list and undeploy repositories while the host serves) and the dashboard
 * (a page at {@code /} with live figures, logs and failures); its own port, loopback by default.
 */
package io.w7s.host.admin;
