# syntax=docker/dockerfile:1
# The W7S host as a container image (docs/scale-out.md, deploy/kubernetes/).
#
#   docker build --platform linux/amd64 -t registry.example.com/w7s-host:0.1.0 .
#
# linux/amd64 only: swc4j's native library is served for linux-x86_64 alone. The image runs the host
# through the same ./w7s launcher as a checkout (W7S_NO_BUILD=1: run target/, never build), so its JVM
# flags (the JDK image with the Graal compiler inside, its AOT cache, JVMCI) cannot drift from the launcher's.
#
# Temurin is pinned to an update: the Graal compiler jars (pom.xml graal.compiler.version) must not be
# newer than the JDK's update, and the JIT is on only on JDK 25 (README "Debugging", runtime-facts).
# A full JDK, not the JRE: the JIT needs the jdk.internal.vm.ci module.
ARG TEMURIN=25.0.3_9-jdk-noble
ARG NODE=20-bookworm-slim

FROM node:${NODE} AS node

FROM eclipse-temurin:${TEMURIN} AS build
# Maven from Ubuntu (3.8.x, as on the development machines; it pulls in Ubuntu's own JRE, unused: the
# image's JAVA_HOME, Temurin 25, runs it); Node 20 + npm from the official image, for the JS runtime
# bundle (runtime/build.mjs: npm ci, esbuild).
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
# The same folder as the runtime stage: the AOT cache (target/w7s.aot) names the jars by their paths.
WORKDIR /opt/w7s
COPY pom.xml w7s ./
COPY bindings bindings
COPY runtime runtime
COPY src/main src/main
COPY src/build src/build
# The example apps: the AOT cache's training run serves them (README "Start-up").
COPY apps apps
# What ./w7s runs when it builds (the JDK image and the AOT cache included); tests are CI's job, not the image's.
RUN --mount=type=cache,target=/root/.m2 \
    MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -q package -DskipTests

FROM eclipse-temurin:${TEMURIN}
RUN groupadd --system --gid 10001 w7s \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/cache/w7s --no-create-home --shell /usr/sbin/nologin w7s \
 && mkdir -p /var/cache/w7s \
 && chown 10001:10001 /var/cache/w7s
WORKDIR /opt/w7s
# Exactly what the launcher runs: the JDK image, the class path, the AOT cache with the list of what it was
# made from (COPY keeps the files' times, which the launcher compares), and the stock JDK's way with the
# compiler on the upgrade module path (W7S_NO_JDK_IMAGE=1). KubernetesManifestsTest checks that every
# target/ path ./w7s names is copied here.
COPY --from=build /opt/w7s/w7s w7s
COPY --from=build /opt/w7s/target/jdk target/jdk
COPY --from=build /opt/w7s/target/w7s-host.jar target/w7s-host.jar
COPY --from=build /opt/w7s/target/w7s.aot target/w7s.aot
COPY --from=build /opt/w7s/target/w7s.aot.inputs target/w7s.aot.inputs
COPY --from=build /opt/w7s/target/classes target/classes
COPY --from=build /opt/w7s/target/lib target/lib
COPY --from=build /opt/w7s/target/graalvm target/graalvm
COPY --from=build /opt/w7s/target/jvmci target/jvmci
# Compile cache and bundle cache under XDG_CACHE_HOME (an emptyDir in Kubernetes: the root file
# system is read-only there).
ENV W7S_NO_BUILD=1 \
    XDG_CACHE_HOME=/var/cache/w7s \
    XDG_STATE_HOME=/var/cache/w7s/state
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["/opt/w7s/w7s"]
CMD ["serve", "--manifest", "/etc/w7s/manifest.json", "--admin-bind", "0.0.0.0", "--admin-token-file", "/var/run/w7s/admin-token"]
