#!/usr/bin/env bash
# Start-up (issue #8): `./w7s serve apps` → first 200 of billing.acme, the JDK image with its AOT cache
# against the stock JDK with the compiler on --upgrade-module-path (W7S_NO_JDK_IMAGE=1), alternating.
#
# Usage: bench/startup.sh [--cores 0|0,1] [--reps N]
#   --cores  cores the host may use (taskset -c; default both)     --reps  runs of each (default 5)
# The compile cache is warm after the first run (a restart, as users see it); the curl poll runs every 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
cores=0,1 reps=5 port=18232
while [ $# -gt 0 ]; do
  case "$1" in
    --cores) cores="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
./w7s --help >/dev/null 2>&1 || true # builds when sources changed
[ -f target/w7s.aot ] || { echo "startup.sh: no target/w7s.aot (built with -Dw7s.aot.skip?)" >&2; exit 1; }

pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
once() { # once LABEL [ENV=VALUE]: one start, prints the milliseconds to the first 200
  local label="$1"; shift
  local t0; t0=$(date +%s%N)
  env W7S_NO_BUILD=1 "$@" taskset -c "$cores" ./w7s serve apps --port "$port" --no-admin >/tmp/w7s-startup.log 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: billing.acme.localhost" "http://127.0.0.1:$port/")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat /tmp/w7s-startup.log >&2; exit 1; }
    sleep 0.02
  done
  echo "$label $(( ($(date +%s%N) - t0) / 1000000 ))"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}
echo "# cores $cores, ms from process start to the first 200"
for rep in $(seq 1 "$reps"); do
  once "jdk-image+aot-cache"
  once "stock-jdk" W7S_NO_JDK_IMAGE=1
done
