#!/usr/bin/env bash
# w7s dev, measured: start -> every example app ready (the "W7S host listening" summary is printed once
# every folder has deployed), REPS times; then DevReloadBench (save -> new version serving, under load).
# Usage: bench/dev.sh [REPS]  (from a built checkout: ./w7s --help builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
reps="${1:-3}"
for i in $(seq "$reps"); do
  log="$(mktemp)"
  start=$(date +%s%N)
  ./w7s dev apps --port 0 --no-admin > "$log" 2>&1 &
  pid=$!
  until grep -q '^W7S host listening' "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.05
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "w7s dev apps: start -> all $(grep -c '^  [a-z0-9-]*/' "$log") apps ready in ${ready} ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$log"
done
"$JAVA" "${JIT[@]}" -cp "$CP" io.w7s.host.bench.DevReloadBench 20 2 2>&1 | grep -E "^(save|under)"
