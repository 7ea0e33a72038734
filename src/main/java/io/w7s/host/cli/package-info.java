/** The {@code w7s} command line: parses arguments, configures logging, starts the host. */
package io.w7s.host.cli;
