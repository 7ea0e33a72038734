#!/usr/bin/env bash
# Side by side with Cloudflare's workerd (issue #8): the same app sources on the W7S host
# (`./w7s serve DIR... --port P`, JIT flags from ./w7s) and on workerd (npm package, pinned in
# bench/workerd/package-lock.json; apps bundled with esbuild from the same lock file; a generated
# capnp config; bench/workerd/w7s-shim.js gives them env.W7S_RPC on a service binding).
#
# Apps: hello (bench/apps/bench/hello), the RPC chain nodepad -> auth (apps/guerrerocarlos/*),
# and a Hono app (bench/apps/bench/hono, routes cycled by bench/hono-paths.lua). For hello also a
# third system, plain Helidon (io.w7s.host.bench.PlainHelidon: one Helidon SE handler, same JDK, no
# JavaScript): the floor of this stack, so the table shows what of the cold start is ours.
#
# Per app, system and repetition: start the server pinned to core 0 (`taskset -c 0`), poll with
# curl until the first 200 (cold start), read VmRSS (idle), warm up with wrk on core 1, then measure
# one window with wrk on core 1 (`-t1 -c32`): req/s, p50/p99, CPU time of the server's processes
# (utime+stime of every thread, /proc/PID/stat, before/after the window) / requests, VmRSS after.
# Systems alternate in order across repetitions. Then one unpinned run per app and system
# (server on both cores, wrk -t2 unpinned). Prints one markdown table (runs, medians, unpinned).
#
# Usage: bench/compare.sh [--reps N] [--duration S] [--warmup S] [--apps "hello rpc hono"]
# Defaults 3, 10, 10: about 12 minutes on a 2-vCPU VM (707 s of runs + set-up in the recorded run).
# Needs wrk, taskset (util-linux), curl, Node 20+ with npm, and a JDK 25 + Maven for ./w7s.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

reps=3 dur=10 warm=10 apps="hello rpc hono" conns=32
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --duration) dur="$2"; shift 2 ;;
    --warmup) warm="$2"; shift 2 ;;
    --apps) apps="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in wrk taskset curl npm node; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "compare.sh: needs at least 2 cores (server on 0, wrk on 1)" >&2; exit 1; }

work="$(mktemp -d /tmp/w7s-compare.XXXXXX)"
results="$work/results.tsv"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
log() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- set-up
log "installing pinned workerd + esbuild (npm ci in bench/workerd) and hono (bench/apps/bench/hono)"
(cd bench/workerd && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
(cd bench/apps/bench/hono && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
WORKERD="$root/bench/workerd/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
[ -x "$WORKERD" ] || WORKERD="$root/bench/workerd/node_modules/.bin/workerd"
ESBUILD="$root/bench/workerd/node_modules/.bin/esbuild"
log "workerd: $("$WORKERD" --version)"
log "building the host if needed (./w7s --help), and the benchmark classes (plain Helidon)"
./w7s --help >/dev/null 2>&1 || true
(export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -q -B test-compile >/dev/null 2>&1) || { log "mvn test-compile failed"; exit 1; }
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
COMPAT_DATE="2026-11-01"

entry_of() { # app dir -> entry file, as the host chooses it
  node -e '
    const fs = require("fs"), path = require("path"), dir = process.argv[1];
    const read = (f) => { try { return JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")); } catch { return {}; } };
    const w = read("w7s.json"), p = read("package.json");
    const cands = [w.main, p.module, p.main, "src/index.ts", "src/index.js", "index.ts", "index.js"].filter(Boolean);
    const hit = cands.find((c) => fs.existsSync(path.join(dir, c)));
    if (!hit) { console.error("no entry in " + dir); process.exit(1); }
    console.log(path.join(dir, hit));' "$1"
}

bundle() { # app dir, out file
  "$ESBUILD" "$(entry_of "$1")" --bundle --format=esm --platform=browser --target=es2022 \
    --conditions=workerd,worker,browser --log-level=warning --outfile="$2"
}

token() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

# worker_block NAME OWNER/REPO BUNDLE [TARGET-REPOSITORY=SERVICE...]: a capnp service entry
worker_block() {
  local name=$1 repository=$2 js=$3; shift 3
  local owner=${repository%/*} repo=${repository#*/}
  cp "$root/bench/workerd/w7s-shim.js" "$work/$name-shim.js"
  printf '    (name = "%s", worker = (\n' "$name"
  printf '      modules = [ (name = "shim.js", esModule = embed "%s-shim.js"), (name = "app.js", esModule = embed "%s") ],\n' "$name" "$js"
  printf '      compatibilityDate = "%s",\n' "$COMPAT_DATE"
  printf '      bindings = [\n'
  printf '        (name = "W7S_OWNER", text = "%s"), (name = "W7S_REPO", text = "%s"),\n' "$owner" "$repo"
  printf '        (name = "W7S_REPOSITORY", text = "%s"), (name = "W7S_ENVIRONMENT", text = "production"),\n' "$repository"
  printf '        (name = "W7S_RPC_TOKEN", text = "%s")' "$(token)"
  local t k
  for t in "$@"; do k=${t%=*}; printf ',\n        (name = "W7S_TARGET:%s", service = "%s")' "${k,,}" "${t#*=}"; done
  printf '\n      ]\n    )),\n'
}

# config_for APP PORT -> writes $work/APP.capnp
config_for() {
  local app=$1 port=$2 main
  {
    echo 'using Workerd = import "/workerd/workerd.capnp";'
    echo 'const config :Workerd.Config = ('
    echo '  services = ['
    case "$app" in
      hello) main=hello; worker_block hello bench/hello hello.js ;;
      hono) main=hono; worker_block hono bench/hono hono.js ;;
      rpc) main=nodepad
        worker_block nodepad guerrerocarlos/nodepad nodepad.js guerrerocarlos/auth=auth
        worker_block auth guerrerocarlos/auth auth.js ;;
    esac
    echo '  ],'
    printf '  sockets = [ (name = "http", address = "127.0.0.1:%s", http = (), service = "%s") ]\n' "$port" "$main"
    echo ');'
  } > "$work/$app.capnp"
}

log "bundling the apps for workerd (esbuild) into $work"
bundle bench/apps/bench/hello "$work/hello.js"
bundle bench/apps/bench/hono "$work/hono.js"
bundle apps/guerrerocarlos/nodepad "$work/nodepad.js"
bundle apps/guerrerocarlos/auth "$work/auth.js"

app_host() { case "$1" in hello) echo hello.bench.localhost ;; hono) echo hono.bench.localhost ;; rpc) echo nodepad.guerrerocarlos.localhost ;; esac; }
app_dirs() { case "$1" in hello) echo bench/apps/bench/hello ;; hono) echo bench/apps/bench/hono ;; rpc) echo apps/guerrerocarlos/nodepad apps/guerrerocarlos/auth ;; esac; }
app_label() { case "$1" in hello) echo hello ;; hono) echo "Hono (5 routes)" ;; rpc) echo "nodepad → auth (RPC)" ;; esac; }
wrk_extra() { case "$1" in hono) echo "-s $root/bench/hono-paths.lua" ;; *) echo "" ;; esac; }

# ---------------------------------------------------------------- measuring
descendants() { # pid -> pid and every descendant
  local p=$1 c; echo "$p"
  for c in $(pgrep -P "$p" 2>/dev/null || true); do descendants "$c"; done
}
cpu_ticks() { # utime+stime of the process tree (each /proc/PID/stat covers all its threads)
  local total=0 p f
  for p in $(descendants "$1"); do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }                      # fields from 3 on (the name may hold spaces)
    set -- $f
    total=$(( total + ${12} + ${13} ))   # fields 14, 15
  done
  echo "$total"
}
rss_kib() { # VmRSS of the process tree, KiB
  local total=0 p v
  for p in $(descendants "$1"); do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$(( total + ${v:-0} ))
  done
  echo "$total"
}
to_ms() { # wrk duration (123.45us / 1.2ms / 2.01s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=18400
# run_one APP SYSTEM RUN-LABEL PINNED(1|0)
run_one() {
  local app=$1 sys=$2 label=$3 pinned=$4 host srv_pin=() wrk_pin=() threads=1 t0 cold code
  host=$(app_host "$app")
  port=$((port + 1))
  until port_free "$port"; do port=$((port + 1)); done
  if [ "$pinned" = 1 ]; then srv_pin=(taskset -c 0); wrk_pin=(taskset -c 1); else threads=2; fi
  local slog="$work/$app-$sys-$label.log"
  t0=$(date +%s%N)
  if [ "$sys" = w7s ]; then
    # shellcheck disable=SC2046
    "${srv_pin[@]}" ./w7s serve $(app_dirs "$app") --port "$port" > "$slog" 2>&1 &
  elif [ "$sys" = helidon ]; then
    "${srv_pin[@]}" "$JAVA" -cp "target/test-classes:target/classes:target/lib/*" io.w7s.host.bench.PlainHelidon "$port" > "$slog" 2>&1 &
  else
    config_for "$app" "$port"
    "${srv_pin[@]}" "$WORKERD" serve "$work/$app.capnp" > "$slog" 2>&1 &
  fi
  server_pid=$!
  local deadline=$(( $(date +%s) + 120 ))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$port/" || true)
    [ "$code" = 200 ] && break
    if ! kill -0 "$server_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      log "$sys $app: no 200 (last status $code); log:"; tail -20 "$slog" >&2; exit 1
    fi
    sleep 0.01
  done
  cold=$(( ($(date +%s%N) - t0) / 1000000 ))
  local rss_idle; rss_idle=$(rss_kib "$server_pid")
  if [ "$label" = 1 ] || [ "$label" = unpinned ]; then
    log "$sys $app: first response: $(curl -s -H "Host: $host" "http://127.0.0.1:$port/" | head -c 200)"
    if [ "$app" = hono ]; then
      local p; for p in /json /users/42 "/posts/7/comments/3?sort=old" /no/such/route; do
        log "$sys $app: $p -> $(curl -s -i -H "Host: $host" "http://127.0.0.1:$port$p" | tr -d '\r' | grep -iE '^(HTTP/|x-bench:)|^\{' | tr '\n' ' ')"
      done
    fi
  fi
  local url="http://127.0.0.1:$port/"
  # shellcheck disable=SC2046
  "${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d"${warm}s" -H "Host: $host" $(wrk_extra "$app") "$url" > "$work/warm.txt" 2>&1
  local c0 c1 out
  c0=$(cpu_ticks "$server_pid")
  # shellcheck disable=SC2046
  out=$("${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d"${dur}s" --latency -H "Host: $host" $(wrk_extra "$app") "$url" 2>&1)
  c1=$(cpu_ticks "$server_pid")
  local rss_load; rss_load=$(rss_kib "$server_pid")
  kill "$server_pid" 2>/dev/null || true
  local i; for i in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""

  local reqs rps p50 p99 non2xx errs
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  errs=$(awk '/Socket errors/ {print $0}' <<<"$out")
  [ -n "$errs" ] && log "$sys $app: $errs"
  if [ "$app" != hono ] && [ "$non2xx" != 0 ]; then log "$sys $app: $non2xx non-2xx responses"; fi
  local cpu_us; cpu_us=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$reqs" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$app" "$sys" "$label" "$rps" "$cpu_us" "$p50" "$p99" "$cold" \
    "$(( rss_idle / 1024 ))" "$(( rss_load / 1024 ))" >> "$results"
  log "$sys $app run $label: $rps req/s, $cpu_us µs CPU/req, p50 $p50 ms, p99 $p99 ms, cold $cold ms, RSS $((rss_idle / 1024))/$((rss_load / 1024)) MiB"
}

systems_extra() { [ "$1" = hello ] && echo helidon || true; }

start=$(date +%s)
log "reps=$reps duration=${dur}s warm-up=${warm}s apps: $apps"
for r in $(seq "$reps"); do
  if (( r % 2 )); then order="w7s workerd"; else order="workerd w7s"; fi
  for app in $apps; do
    for sys in $order $(systems_extra "$app"); do run_one "$app" "$sys" "$r" 1; done
  done
done
for app in $apps; do
  for sys in w7s workerd $(systems_extra "$app"); do run_one "$app" "$sys" unpinned 0; done
done
log "total $(( $(date +%s) - start )) s"

# ---------------------------------------------------------------- the table
APPS="$apps" node - "$results" <<'EOF'
const fs = require("fs");
const rows = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => l.split("\t"));
const labels = { hello: "hello", rpc: "nodepad → auth (RPC)", hono: "Hono (5 routes)" };
const systems = { w7s: "W7S host", workerd: "workerd", helidon: "plain Helidon (no JS)" };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = {
  rps: (v) => Math.round(v).toLocaleString("en-US"),
  cpu: (v) => v.toFixed(1),
  ms: (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + " ms",
  cold: (v) => (v >= 1000 ? (v / 1000).toFixed(1) + " s" : Math.round(v) + " ms"),
  mib: (v) => Math.round(v) + " MiB",
};
const line = (cells) => "| " + cells.join(" | ") + " |";
console.log(line(["app", "system", "run", "req/s", "CPU µs/req", "p50", "p99", "cold start", "RSS idle", "RSS after load"]));
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
const show = (app, sys, run, v) => console.log(line([labels[app], systems[sys], run, fmt.rps(v[0]), fmt.cpu(v[1]), fmt.ms(v[2]), fmt.ms(v[3]), fmt.cold(v[4]), fmt.mib(v[5]), fmt.mib(v[6])]));
for (const app of process.env.APPS.split(/\s+/).filter(Boolean)) {
  for (const sys of ["w7s", "workerd", "helidon"]) {
    const mine = rows.filter((r) => r[0] === app && r[1] === sys);
    const pinned = mine.filter((r) => r[2] !== "unpinned");
    for (const r of pinned) show(app, sys, "1 core, rep " + r[2], r.slice(3).map(Number));
    if (pinned.length > 1) {
      const med = [0, 1, 2, 3, 4, 5, 6].map((i) => median(pinned.map((r) => Number(r[3 + i]))));
      const cells = [labels[app], systems[sys], "**1 core, median**", "**" + fmt.rps(med[0]) + "**", "**" + fmt.cpu(med[1]) + "**",
        fmt.ms(med[2]), fmt.ms(med[3]), fmt.cold(med[4]), fmt.mib(med[5]), fmt.mib(med[6])];
      console.log(line(cells));
    }
    for (const r of mine.filter((r) => r[2] === "unpinned")) show(app, sys, "2 cores, unpinned", r.slice(3).map(Number));
  }
}
EOF
echo
echo "raw results: $results (app, system, run, req/s, CPU µs/req, p50 ms, p99 ms, cold ms, RSS idle MiB, RSS after MiB)"
