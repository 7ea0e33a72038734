# Shared set-up of the bench scripts: build, JDK, class path and JIT flags.
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
./w7s --help >/dev/null 2>&1 || true   # builds the host if sources changed
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
mvn -q -B test-compile
CP="target/test-classes:target/classes:target/lib/*:target/graalvm/*"
JIT=(--upgrade-module-path=target/jvmci -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
