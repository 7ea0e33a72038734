/** The admin HTTP API: deploy, list and undeploy repositories while the host serves (its own listener). */
package io.w7s.host.admin;
