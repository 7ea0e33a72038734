/** The W7S host: assembles engine, deployer, registry and public ingress into one running process. */
package io.w7s.host;
