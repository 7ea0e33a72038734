#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: hello-world through the W7S host vs a plain Helidon handler (wrk, 32
# connections, same run), time from `w7s serve` to the first 200, and isolate creation on a warm engine.
# Usage: bench/run.sh [DURATION_SECONDS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
dur="${1:-20}"
source bench/lib.sh
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_200() { # host port -> prints ms waited
  local host=$1 port=$2 t0; t0=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$port/")" = 200 ]; do sleep 0.02; done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

echo "== time from 'w7s serve' to the first 200 (bench/hello + example apps)"
t0=$(date +%s%N)
./w7s serve bench/apps apps --port 18080 > /tmp/w7s-bench-host.log 2>&1 & pids+=($!)
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: hello.bench.localhost' http://127.0.0.1:18080/)" = 200 ]; do sleep 0.02; done
echo "first 200 after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
grep -m1 "JIT" /tmp/w7s-bench-host.log || true

"$JAVA" "${JIT[@]}" -cp "$CP" io.w7s.host.bench.PlainHelidon 18090 > /tmp/w7s-bench-plain.log 2>&1 & pids+=($!)
wait_200 localhost 18090 >/dev/null

run() { # label host port
  echo "== $1"
  wrk -t2 -c32 -d"${dur}s" --latency -H "Host: $2" "http://127.0.0.1:$3/" | grep -E "Requests/sec|^\s+(50|99)%|Latency  |Non-2xx|Socket errors"
}
echo "== warm-up (JIT) ${dur}s each"
wrk -t2 -c32 -d"${dur}s" -H "Host: hello.bench.localhost" http://127.0.0.1:18080/ >/dev/null
wrk -t2 -c32 -d"${dur}s" http://127.0.0.1:18090/ >/dev/null
run "W7S host, bench/hello (JS isolate)" hello.bench.localhost 18080
run "plain Helidon handler" localhost 18090
run "W7S host, bench/hello again" hello.bench.localhost 18080
run "plain Helidon again" localhost 18090
cleanup; pids=()

echo "== isolate creation on a warm engine"
"$JAVA" "${JIT[@]}" -cp "$CP" io.w7s.host.bench.IsolateStartBench bench/apps/bench/hello 300 2>&1 | grep -vi warning
"$JAVA" "${JIT[@]}" -cp "$CP" io.w7s.host.bench.IsolateStartBench apps/w7s-io/example-rpc-datetime 300 2>&1 | grep -vi warning
