#!/usr/bin/env bash
# What observing costs: hello and the nodepad → auth RPC chain, req/s with metrics off (--no-metrics), metrics on
# (the default), and metrics + tracing at 100 % sampling (OTLP to a local sink that accepts and drops), the three
# modes alternating within each repetition on the same machine. Host and wrk share the cores (unpinned).
# Usage: bench/observe.sh [--reps N] [--warmup S] [--duration S]     (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=3 warmup=20 duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "observe.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
port=18091
sink_port=18099
out=$(mktemp -d)
server_pid="" sink_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  [ -n "$sink_pid" ] && { kill "$sink_pid" 2>/dev/null || true; }
}
trap cleanup EXIT

# An OTLP/HTTP sink: answers 200 to every export and drops it (a collector's cost is not the host's).
python3 - "$sink_port" <<'PY' & sink_pid=$!
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY

start() { # mode
  local env=() flags=(--no-admin)
  case "$1" in
    off) flags+=(--no-metrics) ;;
    tracing) env=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) ;;
  esac
  env "${env[@]}" ./w7s serve apps bench/apps/bench/hello --port "$port" "${flags[@]}" > "$out/server-$1.log" 2>&1 &
  server_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: nodepad.guerrerocarlos.localhost' "http://127.0.0.1:$port/")" = 200 ] \
     && [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: hello.bench.localhost' "http://127.0.0.1:$port/")" = 200 ]; do sleep 0.1; done
}
stop() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}
rate() { # host path seconds
  wrk -t2 -c32 -d"$3s" -H "Host: $1" "http://127.0.0.1:$port$2" | awk '/Requests\/sec/ {print $2}'
}

modes=(off metrics tracing)
for rep in $(seq 1 "$reps"); do
  for k in 0 1 2; do
    mode=${modes[$(( (k + rep - 1) % 3 ))]}
    start "$mode"
    rate hello.bench.localhost / "$warmup" >/dev/null
    rate nodepad.guerrerocarlos.localhost / "$warmup" >/dev/null
    h=$(rate hello.bench.localhost / "$duration")
    c=$(rate nodepad.guerrerocarlos.localhost / "$duration")
    stop
    echo "$mode $rep $h $c" | tee -a "$out/results"
  done
done

echo
echo "| mode | hello req/s (runs) | median | RPC chain req/s (runs) | median |"
echo "|---|---|---:|---|---:|"
for mode in "${modes[@]}"; do
  awk -v m="$mode" '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    $1 == m { n++; h[n] = $3; c[n] = $4; hs = hs (hs ? ", " : "") sprintf("%.0f", $3); cs = cs (cs ? ", " : "") sprintf("%.0f", $4) }
    END { printf "| %s | %s | %.0f | %s | %.0f |\n", m, hs, median(h, n), cs, median(c, n) }' "$out/results"
done
echo "(raw: $out/results; server logs in $out)"
