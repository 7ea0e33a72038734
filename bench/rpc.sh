#!/usr/bin/env bash
# Reproduces the RPC rows of BENCHMARKS.md: wrk at 32 connections against guerrerocarlos/nodepad
# (one RPC per request) and guerrerocarlos/auth called directly, in the same run; then the
# in-process microbenchmark of the latency one RPC call adds.
# Usage: bench/rpc.sh [DURATION_SECONDS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
dur="${1:-20}"
source bench/lib.sh
port=18081
./w7s serve apps --port $port > /tmp/w7s-bench-rpc.log 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: nodepad.guerrerocarlos.localhost' http://127.0.0.1:$port/)" = 200 ]; do sleep 0.1; done

run() { # label host path
  echo "== $1"
  wrk -t2 -c32 -d"${dur}s" --latency -H "Host: $2" "http://127.0.0.1:$port$3" | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx|Socket errors"
}
echo "== warm-up (JIT) ${dur}s each"
wrk -t2 -c32 -d"${dur}s" -H "Host: nodepad.guerrerocarlos.localhost" http://127.0.0.1:$port/ >/dev/null
wrk -t2 -c32 -d"${dur}s" -H "Host: auth.guerrerocarlos.localhost" http://127.0.0.1:$port/session >/dev/null
for round in 1 2; do
  run "auth /session, direct (round $round)" auth.guerrerocarlos.localhost /session
  run "nodepad /, one RPC to auth (round $round)" nodepad.guerrerocarlos.localhost /
done
kill $pid; trap - EXIT

echo "== in-process: latency added by one RPC call (bench/apps/bench/rpc-caller)"
"$JAVA" "${JIT[@]}" ${W7S_JAVA_OPTS:-} -cp "$CP" io.w7s.host.bench.RpcLatencyBench 45 20000 2>&1 | grep -E "^(direct|rpc|added|JIT)"
