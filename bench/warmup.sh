#!/usr/bin/env bash
# Warm-up curve (issue #8): req/s per second of load from a cold start. Starts `./w7s serve` on one
# app, waits for the first 200 (prints the cold start), then runs wrk in 1-second windows on the
# other core and prints one line per second: second, req/s. Ends with the seconds it took to reach
# 90 % of the last 5 seconds' mean (the "steady state" of this run).
#
# Usage: bench/warmup.sh [--cores 0|0,1] [--seconds N] [--app DIR] [--host NAME] [--path P] [--reps N]
#   --cores   cores the host may use (taskset -c); wrk runs on core 1 (unpinned with 0,1). Default 0.
#   --seconds length of the curve (default 30)      --app  folder to serve (default bench/apps/bench/hello)
# Host JVM options can be added with W7S_JAVA_OPTS (as for ./w7s), e.g. to compare engine options:
#   W7S_JAVA_OPTS="-Dpolyglot.engine.Mode=latency" bench/warmup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cores=0 seconds=30 app=bench/apps/bench/hello host=hello.bench.localhost path=/ reps=1 port=18231
while [ $# -gt 0 ]; do
  case "$1" in
    --cores) cores="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --app) app="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --path) path="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "warmup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in wrk taskset curl; do command -v "$tool" >/dev/null || { echo "warmup.sh: $tool is missing" >&2; exit 1; }; done
./w7s --help >/dev/null 2>&1 || true # builds when sources changed
wrk_pin=(taskset -c 1); [ "$cores" = 0 ] || wrk_pin=()

pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
for rep in $(seq 1 "$reps"); do
  t0=$(date +%s%N)
  taskset -c "$cores" ./w7s serve "$app" --port "$port" >/tmp/w7s-warmup.log 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$port$path")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat /tmp/w7s-warmup.log >&2; exit 1; }
    sleep 0.05
  done
  echo "# run $rep (cores $cores${W7S_JAVA_OPTS:+, W7S_JAVA_OPTS=$W7S_JAVA_OPTS}): cold start to first 200 $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  rates=()
  for s in $(seq 1 "$seconds"); do
    r=$("${wrk_pin[@]}" wrk -t1 -c32 -d1s -H "Host: $host" "http://127.0.0.1:$port$path" | awk '/^Requests\/sec/ {printf "%d", $2}')
    rates+=("$r")
    echo "$s $r"
  done
  printf '%s\n' "${rates[@]}" | awk -v n="$seconds" '{ r[NR] = $1 } END {
    s = 0; for (i = n - 4; i <= n; i++) s += r[i]; steady = s / 5;
    for (i = 1; i <= n; i++) if (r[i] >= 0.9 * steady) { at = i; break }
    printf "# steady (mean of the last 5 s) %d req/s; first second at >= 90%%: %d; minimum after it: %d\n", steady, at, min_after(r, at, n) }
    function min_after(r, a, n,   i, m) { m = r[a]; for (i = a; i <= n; i++) if (r[i] < m) m = r[i]; return m }'
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
