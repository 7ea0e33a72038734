/** Public HTTP: maps a request's host name to a deployment and relays the exchange through Helidon. */
package io.w7s.host.ingress;
