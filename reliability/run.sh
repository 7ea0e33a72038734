#!/usr/bin/env bash
# Reliability suite of the W7S host (issue #7): load, faults, bad input. Starts its own host with
# `./w7s serve reliability/apps` on its own port, drives it with wrk and curl, prints one summary
# table and writes it to reliability/last-run.md. Exits 1 when any check failed.
#
# Usage: reliability/run.sh [--short]
#   full:    20 s warm-up, 60 s load at 64 connections, 15 s windows per fault   (~4 min)
#   --short: 5 s warm-up, 10 s load, 8 s windows per fault                        (~2.5 min)
# Environment: W7S_REL_PORT (default 18190), W7S_JAVA_OPTS (default -Xmx1g: a bounded heap, so a
# memory limit that does not work shows up as a failure instead of eating the machine's RAM).
#
# Needs wrk (apt-get install -y wrk), curl, jq.
set -uo pipefail   # no -e: a failing check is recorded, not a reason to stop the run
cd "$(dirname "$0")/.."

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
SHORT=0
for arg in "$@"; do
  case "$arg" in
    --short) SHORT=1 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "reliability: unknown argument $arg (usage: reliability/run.sh [--short])" >&2; exit 2 ;;
  esac
done
if [ $SHORT = 1 ]; then WARM=5; LOAD=10; FAULT_WINDOW=8; MODE=short; else WARM=20; LOAD=60; FAULT_WINDOW=15; MODE=full; fi
PORT="${W7S_REL_PORT:-18190}"
BASE="http://127.0.0.1:$PORT"
# A fixed, pre-touched heap: RSS then shows what is not the Java heap growing to its size under load.
export W7S_JAVA_OPTS="${W7S_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"
RPC_TIMEOUT=3        # s; above rel/faulty's cpu_ms (500) so a loop is a cpu_limit, below its wall_ms (6000)
SHUTDOWN_GRACE=5     # s
MAX_BODY=1048576     # bytes; a 2 MiB upload must get 413
MAX_TIME=60          # s; any caller without an answer by then counts as a hang
RSS_GROWTH_MAX_PCT="${W7S_REL_RSS_GROWTH_PCT:-20}"   # last third of the load vs first third
LOAD_CONNS=(22 21 21)                                # 64 connections across the three load apps
CALM_CONNS=16                                        # steady load on the calm app during faults
WORK="$(mktemp -d /tmp/w7s-reliability.XXXXXX)"
: >"$WORK/hangs"
HOST_LOG="$WORK/host.log"
STAGING_DIRS=(reliability/apps/rel/caller reliability/apps/rel/echo)   # a second environment, for its token
HOST_ARGS=(serve reliability/apps --env staging "${STAGING_DIRS[@]}" --port "$PORT" --rpc-timeout "$RPC_TIMEOUT"
           --max-body-size "$MAX_BODY" --shutdown-grace "$SHUTDOWN_GRACE")

for tool in wrk curl jq; do
  command -v $tool >/dev/null || { echo "reliability: $tool is missing (apt-get install -y $tool)" >&2; exit 2; }
done

# ---------------------------------------------------------------------------------------------
# Results: every check is one row of the summary table
# ---------------------------------------------------------------------------------------------
ROWS=()      # "section|check|expected|got|result"
FAILED=0
record() { # section check expected got result(PASS|FAIL|SKIP|INFO)
  ROWS+=("$1|$2|$3|$4|$5")
  [ "$5" = FAIL ] && FAILED=$((FAILED + 1))
  printf '  %-5s %-48s expected: %-22s got: %s\n' "$5" "$2" "$3" "$4"
}
check() { # section check expected got: PASS when got equals expected
  if [ "$3" = "$4" ]; then record "$1" "$2" "$3" "$4" PASS; else record "$1" "$2" "$3" "$4" FAIL; fi
}
section() { echo; echo "== $*"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---------------------------------------------------------------------------------------------
# The host
# ---------------------------------------------------------------------------------------------
HOST_PID=""
BG_PIDS=()
EXPECTED_DEPLOYMENTS=11   # 9 folders under reliability/apps + 2 in staging

start_host() {
  ./w7s "${HOST_ARGS[@]}" >>"$HOST_LOG" 2>&1 &
  HOST_PID=$!   # ./w7s execs java, so this is the JVM whose RSS we sample
  local deadline=$(( $(date +%s) + 180 ))
  until [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Host: plain.rel.localhost' "$BASE/")" = 200 ]; do
    if ! kill -0 "$HOST_PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      echo "reliability: the host did not start; its log: $HOST_LOG" >&2; tail -20 "$HOST_LOG" >&2; exit 2
    fi
    sleep 0.2
  done
}

stop_host() {
  [ -n "$HOST_PID" ] || return 0
  kill "$HOST_PID" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$HOST_PID" 2>/dev/null
  wait "$HOST_PID" 2>/dev/null
  HOST_PID=""
}

cleanup() {
  for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  stop_host
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# After a fault: the host must still be up and serving the calm app. If it died, say so and start a
# new one, so the remaining sections still tell us something.
ensure_host() { # section
  local s; s="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Host: plain.rel.localhost' "$BASE/")"
  if kill -0 "$HOST_PID" 2>/dev/null && [ "$s" = 200 ]; then
    record "$1" "host alive, calm app answers" "200" "$s" PASS
  else
    record "$1" "host alive, calm app answers" "200" "${s:-none} (host $(kill -0 "$HOST_PID" 2>/dev/null && echo up || echo down); restarted)" FAIL
    stop_host; start_host
  fi
}

# ---------------------------------------------------------------------------------------------
# HTTP helpers
# ---------------------------------------------------------------------------------------------
# call HOSTNAME PATH [curl args...]: prints the status; the body goes to $OUT (default $WORK/body,
# set OUT=... for calls that run at the same time). No answer within MAX_TIME prints "hang" and is
# counted in $WORK/hangs (a file, because calls run in $(...) subshells).
call() {
  local host="$1" path="$2"; shift 2
  local s rc
  s="$(curl -s -m "$MAX_TIME" -o "${OUT:-$WORK/body}" -w '%{http_code}' -H "Host: $host" "$@" "$BASE$path")"
  rc=$?
  if [ $rc = 28 ]; then echo "$host$path" >>"$WORK/hangs"; echo hang; return; fi
  [ $rc = 0 ] || { echo "curl-error-$rc"; return; }
  echo "$s"
}
# "STATUS CODE": the platform's error code from the JSON body ({"error":{"code"}}), else "-".
status_code() { # status
  local code; code="$(jq -r '.error.code? // empty' "${OUT:-$WORK/body}" 2>/dev/null)"
  echo "$1 ${code:--}"
}
# "STATUS VALUE": a value the target echoed, picked from the body with a jq expression.
status_jq() { # status jq-expression
  local v; v="$(jq -r "$2" "${OUT:-$WORK/body}" 2>/dev/null)"
  echo "$1 ${v:-?}"
}

# rpc SPEC_JSON: rel/caller makes the RPC call SPEC describes ({url, auth, method, headers, body});
# the target's answer comes back unchanged.
rpc() { call caller.rel.localhost /call -X POST -H 'content-type: application/json' --data-binary "$1"; }
spec() { # url [auth] [extra jq object merged in]
  local extra="${3:-}"; [ -n "$extra" ] || extra='{}'
  jq -cn --arg url "$1" --arg auth "${2:-own}" "{url: \$url, auth: \$auth} + $extra"
}

# raw NAME BYTES_FILE: sends the bytes on one connection and reads until the server closes it (or
# 5 s pass). Prints "STATUS xN": the first response's status and how many responses came back.
raw() {
  local out="$WORK/raw.out"
  : >"$out"
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    cat "$1" >&3
    timeout 5 cat <&3 >"$out"
  ) 2>/dev/null
  local status n
  status="$(head -1 "$out" | awk '{print $2}')"
  n="$(grep -c '^HTTP/1\.[01] ' "$out")"
  echo "${status:-none} x$n"
}

# ---------------------------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------------------------
# wrk_to FILE CONNS SECONDS HOSTNAME PATH: one wrk thread, latency distribution in FILE.
wrk_to() { wrk -t1 -c"$2" -d"$3s" --timeout 10s --latency -H "Host: $4" "$BASE$5" >"$1" 2>&1; }

to_ms() { # "610.00us" | "3.38ms" | "1.20s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
# wrk_stats FILE: "REQUESTS ERRORS P50_MS P99_MS"; errors = non-2xx/3xx + every socket error.
wrk_stats() {
  local f="$1" req non2xx sock p50 p99
  req="$(awk '/requests in/ {print $1}' "$f")"
  non2xx="$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2}' "$f")"
  sock="$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$f")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")"
  echo "${req:-0} $(( ${non2xx:-0} + ${sock:-0} )) $p50 $p99"
}

# ---------------------------------------------------------------------------------------------
# 0. Start-up
# ---------------------------------------------------------------------------------------------
section "start-up ($MODE run): ./w7s ${HOST_ARGS[*]}  (W7S_JAVA_OPTS=$W7S_JAVA_OPTS, log $HOST_LOG)"
./w7s --help >/dev/null 2>&1 || true   # builds the host if sources changed, outside the timings
t0=$(now_ms)
start_host
record startup "host ready (first 200)" "-" "$(( $(now_ms) - t0 )) ms" INFO
deployed="$(grep -c ' deployed ' "$HOST_LOG")"
deploy_errors="$(grep 'deploy failed' "$HOST_LOG" | sed 's/.*deploy failed: //' | cut -c1-120 | paste -sd';' -)"
check startup "every app deployed" "$EXPECTED_DEPLOYMENTS" "$deployed${deploy_errors:+ ($deploy_errors)}"

# ---------------------------------------------------------------------------------------------
# 1. Load: three apps at 64 connections, one of them an RPC chain; the host's RSS every second
# ---------------------------------------------------------------------------------------------
run_load() {
  LOAD_APPS=("front.rel.localhost /" "back.rel.localhost /data" "plain.rel.localhost /")
  LOAD_NAMES=("rel/front -> rel/back (RPC chain)" "rel/back direct" "rel/plain")

  load_all() { # seconds prefix: runs wrk on the three apps at once
    local pids=() i
    for i in 0 1 2; do
      # shellcheck disable=SC2086
      wrk_to "$WORK/$2-$i.txt" "${LOAD_CONNS[$i]}" "$1" ${LOAD_APPS[$i]} & pids+=($!)
    done
    wait "${pids[@]}"
  }

  sample_rss() { # file: VmRSS in KiB every second until killed
    while kill -0 "$HOST_PID" 2>/dev/null; do
      awk '/^VmRSS:/ {print $2}' "/proc/$HOST_PID/status" >>"$1" 2>/dev/null
      sleep 1
    done
  }

  live_heap() { # MiB of heap still used after a full collection: what the host keeps, garbage aside
    local jcmd="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd"
    "$jcmd" "$HOST_PID" GC.run >/dev/null 2>&1
    "$jcmd" "$HOST_PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i < NF; i++) if ($i == "used") {sub(/K.*/, "", $(i+1)); print int($(i+1) / 1024); exit}}'
  }

  section "load: warm-up ${WARM}s (JIT), then ${LOAD}s at 64 connections across 3 apps"
  load_all "$WARM" warm
  live_before="$(live_heap)"
  : >"$WORK/rss.txt"
  sample_rss "$WORK/rss.txt" & RSS_PID=$!; BG_PIDS+=($RSS_PID)
  load_all "$LOAD" load
  kill "$RSS_PID" 2>/dev/null; wait "$RSS_PID" 2>/dev/null
  live_after="$(live_heap)"
  # A leak shows as live heap (after a full GC) that grew with the load; allow 20 % or 32 MiB of noise.
  if [ -n "$live_before" ] && [ -n "$live_after" ]; then
    got="$live_before MiB after warm-up -> $live_after MiB after the load"
    if [ "$live_after" -le $(( live_before + live_before / 5 > live_before + 32 ? live_before + live_before / 5 : live_before + 32 )) ]; then
      record load "live heap after full GC" "growth <= 20 % or 32 MiB" "$got" PASS
    else
      record load "live heap after full GC" "growth <= 20 % or 32 MiB" "$got" FAIL
    fi
  else
    record load "live heap after full GC" "jcmd readings" "none (jcmd missing?)" FAIL
  fi

  for i in 0 1 2; do
    read -r req err p50 p99 <<<"$(wrk_stats "$WORK/load-$i.txt")"
    got="$req req, $err errors, p50 $p50 ms, p99 $p99 ms"
    if [ "$err" = 0 ] && [ "$req" -gt 0 ]; then record load "${LOAD_NAMES[$i]}" "0 errors" "$got" PASS
    else record load "${LOAD_NAMES[$i]}" "0 errors" "$got" FAIL; fi
  done

  # RSS: no growth trend after warm-up. Compare the averages of the first and last third of the samples.
  mapfile -t rss <"$WORK/rss.txt"
  n=${#rss[@]}
  if [ "$n" -ge 3 ]; then
    third=$(( n / 3 ))
    first_avg=$(printf '%s\n' "${rss[@]:0:$third}" | awk '{s += $1} END {printf "%d", s / NR / 1024}')
    last_avg=$(printf '%s\n' "${rss[@]:$((n - third))}" | awk '{s += $1} END {printf "%d", s / NR / 1024}')
    growth=$(awk -v a="$first_avg" -v b="$last_avg" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
    got="after warm-up $(( rss[0] / 1024 )) MiB, end $(( rss[n-1] / 1024 )) MiB; thirds $first_avg -> $last_avg MiB ($growth %)"
    if awk -v g="$growth" -v m="$RSS_GROWTH_MAX_PCT" 'BEGIN {exit !(g <= m)}'; then
      record load "host RSS ($n samples)" "growth <= $RSS_GROWTH_MAX_PCT %" "$got" PASS
    else
      record load "host RSS ($n samples)" "growth <= $RSS_GROWTH_MAX_PCT %" "$got" FAIL
    fi
  else
    record load "host RSS" "samples" "only $n samples" FAIL
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. Bad input: malformed RPC URLs, tokens, headers and bodies, each with its expected status.
#    Run before the faults so a fault that leaves the host worse off cannot spoil this table.
# ---------------------------------------------------------------------------------------------
run_bad_input() {
  section "bad input"
  I=https://w7s.internal/api/v1/rpc
  TOKEN="$(curl -s -m 10 -H 'Host: caller.rel.localhost' "$BASE/token")"
  STAGING_TOKEN="$(curl -s -m 10 -H 'Host: staging--caller.rel.localhost' "$BASE/token")"
  bad() { check "bad input" "$@"; }

  # RPC URLs (through rel/caller, with its own valid token)
  bad "rpc url: valid, same owner"               "200 rel/echo"      "$(status_jq "$(rpc "$(spec "$I/rel/echo/x")")" .me)"
  bad "rpc url: /api/v2/..."                     "404 not_found"     "$(status_code "$(rpc "$(spec "https://w7s.internal/api/v2/rpc/rel/echo")")")"
  bad "rpc url: owner only"                      "404 not_found"     "$(status_code "$(rpc "$(spec "$I/rel")")")"
  bad "rpc url: empty owner (//echo)"            "404 not_found"     "$(status_code "$(rpc "$(spec "$I//echo")")")"
  bad "rpc url: root /"                          "404 not_found"     "$(status_code "$(rpc "$(spec "https://w7s.internal/")")")"
  bad "rpc url: not deployed repo"               "404 not_deployed"  "$(status_code "$(rpc "$(spec "$I/rel/nope/x")")")"
  bad "rpc url: other owner, no allow"           "403 not_allowed"   "$(status_code "$(rpc "$(spec "$I/other/private/x")")")"
  bad "rpc url: other owner, allows rel"         "200 other/open"    "$(status_jq "$(rpc "$(spec "$I/other/open/x")")" .me)"
  bad "rpc url: ../ traversal to other owner"    "403 not_allowed"   "$(status_code "$(rpc "$(spec "$I/rel/echo/../../other/private/x")")")"
  bad "rpc url: %2e%2e traversal"                "403 not_allowed"   "$(status_code "$(rpc "$(spec "$I/rel/echo/%2e%2e/%2e%2e/other/private/x")")")"
  bad "rpc url: upper-case names"                "200 rel/echo"      "$(status_jq "$(rpc "$(spec "$I/REL/Echo/x")")" .me)"
  bad "rpc url: foreign host part is ignored"    "200 rel/echo"      "$(status_jq "$(rpc "$(spec "http://evil.example:1/api/v1/rpc/rel/echo")")" .me)"
  s="$(rpc "$(spec "https://w7s.internal/bad?token=$TOKEN")")"
  grep -qF "${TOKEN:4:16}" "$WORK/body" && echoed=" ECHOES TOKEN" || echoed=""
  bad "rpc url: token in query, not echoed"      "404 not_found"     "$(status_code "$s")$echoed"
  bad "rpc: endless self-call"                   "508 loop_detected" "$(status_code "$(call caller.rel.localhost /loop)")"

  # Tokens
  bad "token: valid (sanity)"                    "200 rel/echo"      "$(status_jq "$(rpc "$(spec "$I/rel/echo/x")")" .me)"
  bad "token: no authorization header"           "401 missing_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" none)")")"
  bad "token: empty authorization header"        "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:")")")"
  bad "token: 'Bearer' without token"            "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Bearer")")")"
  bad "token: 'Bearer ' empty token"             "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Bearer ")")")"
  bad "token: truncated"                         "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Bearer ${TOKEN:0:${#TOKEN}-8}")")")"
  bad "token: one character more"                "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Bearer ${TOKEN}x")")")"
  bad "token: made up w7s_..."                   "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Bearer w7s_notarealtoken")")")"
  bad "token: Basic scheme"                      "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:Basic $TOKEN")")")"
  bad "token: bare, no scheme"                   "401 invalid_token" "$(status_code "$(rpc "$(spec "$I/rel/echo" "raw:$TOKEN")")")"
  bad "token: 'bearer' lower case"               "200 rel/echo"      "$(status_jq "$(rpc "$(spec "$I/rel/echo" "raw:bearer $TOKEN")")" .me)"
  # The token alone says who calls: staging's token makes the call a staging call, which reaches
  # staging's rel/echo and never production's rel/back (not deployed in staging).
  bad "token: staging's, target in staging"      "200 staging"       "$(status_jq "$(rpc "$(spec "$I/rel/echo/x" "raw:Bearer $STAGING_TOKEN")")" '.headers["x-w7s-rpc-caller-environment"]')"
  bad "token: staging's, target only in prod"    "404 not_deployed"  "$(status_code "$(rpc "$(spec "$I/rel/back/data" "raw:Bearer $STAGING_TOKEN")")")"
  record "bad input" "token: revoked by a redeploy" "401 invalid_token" "no deploy command or admin API yet" SKIP

  # Headers through RPC: the platform's identity headers win; the token never reaches the target.
  spoof='{headers: {"X-W7S-RPC-Caller-Repository": "root/admin", "x-w7s-rpc-caller-owner": "root", "x-w7s-rpc-extra": "1"}}'
  bad "rpc headers: spoofed caller identity"     "200 rel/caller"    "$(status_jq "$(rpc "$(spec "$I/rel/echo" own "$spoof")")" '.headers["x-w7s-rpc-caller-repository"]')"
  bad "rpc headers: unknown x-w7s-rpc-* dropped" "200 absent"        "$(status_jq "$(rpc "$(spec "$I/rel/echo" own "$spoof")")" '.headers["x-w7s-rpc-extra"] // "absent"')"
  bad "rpc headers: token not forwarded"         "200 absent"        "$(status_jq "$(rpc "$(spec "$I/rel/echo")")" '.headers.authorization // "absent"')"
  head -c 524288 /dev/zero | tr '\0' 'a' >"$WORK/512k"
  jq -cn --arg url "$I/rel/echo" --rawfile b "$WORK/512k" '{url: $url, method: "POST", body: $b}' >"$WORK/512k.json"
  bad "rpc body: 512 KiB POST"                   "200 524288"        "$(status_jq "$(rpc @"$WORK/512k.json")" .bodyLength)"

  # Public edge: identity headers from outside never reach an app, in any spelling.
  leaked='[.headers | keys[] | select(ascii_downcase | gsub("_"; "-") | test("^\\s*x-w7s-rpc"))] | if length == 0 then "absent" else "leaked:" + join(",") end'
  bad "edge: x-w7s-rpc-caller-repository"        "200 absent" "$(status_jq "$(call echo.rel.localhost / -H 'x-w7s-rpc-caller-repository: root/admin' -H 'x-w7s-rpc: 1')" "$leaked")"
  bad "edge: identity header, mixed case"        "200 absent" "$(status_jq "$(call echo.rel.localhost / -H 'X-W7S-Rpc-Caller-Owner: root')" "$leaked")"
  bad "edge: identity header, duplicated"        "200 absent" "$(status_jq "$(call echo.rel.localhost / -H 'x-w7s-rpc-caller-owner: a' -H 'x-w7s-rpc-caller-owner: b')" "$leaked")"
  bad "edge: identity header, _ for -"           "200 absent" "$(status_jq "$(call echo.rel.localhost / -H 'x_w7s_rpc_caller_owner: root')" "$leaked")"
  bad "edge: unknown host name"                  "404 not_found"     "$(status_code "$(call nobody.nowhere.localhost /)")"
  head -c 2097152 /dev/zero >"$WORK/2mib"
  bad "edge: 2 MiB body (limit 1 MiB)"           "413"               "$(call echo.rel.localhost / -X POST --data-binary @"$WORK/2mib")"
  bad "edge: one 64 KiB header"                  "431"               "$(call echo.rel.localhost / -H "x-big: $(head -c 65536 /dev/zero | tr '\0' 'a')")"
  for i in $(seq 1 2000); do printf 'x-h%d: v\r\n' "$i"; done >"$WORK/many-headers"
  bad "edge: 2,000 headers"                      "431"               "$(call echo.rel.localhost / -H @"$WORK/many-headers")"

  # Public edge, raw bytes: request smuggling. Each sends one request with a request for /hidden
  # behind it; exactly one response may come back and no hidden request may reach rel/echo (its
  # /hidden counter is read before and after; a hidden request that arrived is appended to "got").
  hidden_count() { curl -s -m 10 -H 'Host: echo.rel.localhost' "$BASE/hidden-count"; }
  raw_smuggle() { # bytes-file
    local before after got
    before="$(hidden_count)"; got="$(raw "$1")"; after="$(hidden_count)"
    [ "$after" = "$before" ] && echo "$got" || echo "$got, $((after - before)) hidden request(s) reached the app"
  }
  rawreq() { printf "$@" >"$WORK/raw.in"; raw_smuggle "$WORK/raw.in"; }
  H='Host: echo.rel.localhost\r\n'
  HIDDEN='GET /hidden HTTP/1.1\r\nHost: echo.rel.localhost\r\n\r\n'
  bad "edge raw: Content-Length + Transfer-Encoding" "400 x1" "$(rawreq "POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n$HIDDEN")"
  bad "edge raw: two different Content-Length"   "400 x1" "$(rawreq "POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 40\r\nConnection: close\r\n\r\nabc$HIDDEN")"
  bad "edge raw: obfuscated Transfer-Encoding"   "400 x1" "$(rawreq "POST / HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\nConnection: close\r\n\r\n0\r\n\r\n$HIDDEN")"
  bad "edge raw: invalid chunk size"             "400 x1" "$(rawreq "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n$HIDDEN")"
  bad "edge raw: valid chunk extension"          "200 x1" "$(rawreq "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;ext=1\r\nhello\r\n0\r\n\r\n")"
  # A chunked upload over the body limit with requests hidden in its data, on a Connection: close connection.
  { printf "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    printf '%x\r\n' 1200000; head -c 1200000 /dev/zero | tr '\0' 'a'; printf '\r\n'
    blob="$(for _ in $(seq 1 50); do printf "$HIDDEN"; done)"; printf '%x\r\n%s\r\n0\r\n\r\n' "${#blob}" "$blob"
  } >"$WORK/raw.in"
  bad "edge raw: chunked upload over the limit"  "413 x1" "$(raw_smuggle "$WORK/raw.in")"
  bad "edge raw: pipelined after Connection: close" "200 x1" "$(rawreq "GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n$HIDDEN")"
  bad "edge: hidden requests that reached an app" "0" "$(hidden_count)"
  # An absolute-form target must not glue the Host header and the raw target together in request.url:
  # served as /admin when its authority is the Host header's, refused (400) when they disagree (README "Public edge").
  printf "GET http://echo.rel.localhost/admin HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >"$WORK/raw.in"; raw "$WORK/raw.in" >/dev/null
  awk 'seen {print} /^\r$/ {seen = 1}' "$WORK/raw.out" >"$WORK/body"
  bad "edge raw: absolute-form target, echo's path" "200 /admin" "$(status_jq "$(head -1 "$WORK/raw.out" | awk '{print $2}')" .path)"
  printf "GET http://other.host/admin HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >"$WORK/raw.in"; raw "$WORK/raw.in" >/dev/null
  bad "edge raw: absolute-form, other authority" "400" "$(head -1 "$WORK/raw.out" | awk '{print $2}')"
  ensure_host "bad input"
}

# ---------------------------------------------------------------------------------------------
# 3. Faults, each while wrk keeps the calm app (rel/plain) busy. The calm app's p50/p99 during the
#    fault is recorded next to its p50/p99 measured just before, in the same run.
# ---------------------------------------------------------------------------------------------
run_faults() {
  calm_before() { # name: baseline window on the calm app
    wrk_to "$WORK/calm-before-$1.txt" "$CALM_CONNS" "$FAULT_WINDOW" plain.rel.localhost /
  }
  calm_during_start() { # name: starts the window that the fault runs in
    wrk_to "$WORK/calm-during-$1.txt" "$CALM_CONNS" "$FAULT_WINDOW" plain.rel.localhost / & CALM_PID=$!
    BG_PIDS+=($CALM_PID)
    sleep 1   # let the window reach steady state before the fault starts
  }
  calm_during_end() { # name label
    wait "$CALM_PID"
    local b d
    read -r _ be b50 b99 <<<"$(wrk_stats "$WORK/calm-before-$1.txt")"
    read -r _ de d50 d99 <<<"$(wrk_stats "$WORK/calm-during-$1.txt")"
    local got="normal p50 $b50 / p99 $b99 ms; during p50 $d50 / p99 $d99 ms; errors $be/$de"
    if [ "$be" = 0 ] && [ "$de" = 0 ]; then record "fault $2" "rel/plain (calm) latency, errors" "0 errors" "$got" PASS
    else record "fault $2" "rel/plain (calm) latency, errors" "0 errors" "$got" FAIL; fi
  }
  # recovery HOSTNAME PATH: ms until the app answers 200 again (polling every 20 ms, at most MAX_TIME).
  recovery() {
    local t0 s; t0=$(now_ms)
    while [ $(( $(now_ms) - t0 )) -lt $((MAX_TIME * 1000)) ]; do
      s="$(curl -s -m 10 -o "$WORK/recovered" -w '%{http_code}' -H "Host: $1" "$BASE$2")"
      [ "$s" = 200 ] && { echo "$(( $(now_ms) - t0 )) ms"; return; }
      sleep 0.02
    done
    echo "not within ${MAX_TIME}s"
  }

  section "fault (a): target throws"
  calm_before throw; calm_during_start throw
  check "fault a: throws" "direct: plain 500"                 "500"               "$(call faulty.rel.localhost /throw)"
  check "fault a: throws" "through RPC (rel/front)"           "502 target_failed" "$(status_code "$(call front.rel.localhost '/call?path=/throw')")"
  check "fault a: throws" "app answers next request"          "200"               "$(call faulty.rel.localhost /ok)"
  calm_during_end throw "a: throws"
  ensure_host "fault a: throws"

  section "fault (b): runaway loop (while(true){}; rel/faulty cpu_ms 500)"
  calm_before loop; calm_during_start loop
  check "fault b: loop" "direct"                              "503 cpu_limit"     "$(status_code "$(call faulty.rel.localhost /loop)")"
  record "fault b: loop" "recovery (503 -> next 200)" "-" "$(recovery faulty.rel.localhost /ok)" INFO
  check "fault b: loop" "through RPC (rel/front)"             "503 cpu_limit"     "$(status_code "$(call front.rel.localhost '/call?path=/loop')")"
  record "fault b: loop" "recovery after the RPC case" "-" "$(recovery faulty.rel.localhost /ok)" INFO
  calm_during_end loop "b: loop"
  ensure_host "fault b: loop"

  section "fault (d): never answers (rel/faulty wall_ms 6000, --rpc-timeout $RPC_TIMEOUT)"
  calm_before never; calm_during_start never
  # Both at once: the RPC caller's deadline (3 s) comes before the target's wall time (6 s).
  ( OUT="$WORK/never-rpc.body"; status_code "$(call front.rel.localhost '/call?path=/never')" >"$WORK/never-rpc" ) & p1=$!
  ( OUT="$WORK/never-direct.body"; status_code "$(call faulty.rel.localhost /never)" >"$WORK/never-direct" ) & p2=$!
  wait $p1 $p2
  check "fault d: never answers" "through RPC (rel/front)"    "504 target_timeout"  "$(cat "$WORK/never-rpc")"
  check "fault d: never answers" "direct"                     "504 wall_time_limit" "$(cat "$WORK/never-direct")"
  check "fault d: never answers" "app answers next request"   "200"                 "$(call faulty.rel.localhost /ok)"
  calm_during_end never "d: never answers"
  ensure_host "fault d: never answers"

  # Last: on a host whose memory limit does not work the bomb's arrays stay reachable and every
  # section after it would run on a full heap.
  section "fault (c): memory bomb (rel/bomb memory_mb 64, heap $W7S_JAVA_OPTS)"
  calm_before bomb; calm_during_start bomb
  check "fault c: memory bomb" "direct"                       "503 memory_limit"  "$(status_code "$(call bomb.rel.localhost /bomb)")"
  record "fault c: memory bomb" "recovery (error -> next 200)" "-" "$(recovery bomb.rel.localhost /ok)" INFO
  check "fault c: memory bomb" "isolate replaced (hoard empty)" "ok 0"            "$(cat "$WORK/recovered" 2>/dev/null)"
  calm_during_end bomb "c: memory bomb"
  ensure_host "fault c: memory bomb"
  # The limit must stop the bomb before the JVM itself runs short of heap.
  oom="$(grep -cE 'OutOfMemoryError|Java heap space' "$HOST_LOG")"
  check "fault c: memory bomb" "JVM never out of heap (log lines)" "0" "$oom"

  record "fault e: redeploy" "redeploy under load" "-" "no deploy command or admin API yet (Host.deploy is Java-only)" SKIP
  hangs="$(sort "$WORK/hangs" | uniq -c | awk '{print $2 " x" $1}' | paste -sd, -)"
  check "fault f: no hangs" "callers without an answer in ${MAX_TIME}s" "0" "$(wc -l <"$WORK/hangs" 2>/dev/null || echo 0)${hangs:+ ($hangs)}"
}

# ---------------------------------------------------------------------------------------------
# 4. Shutdown: SIGTERM with a request in flight that never answers; the host must exit within
#    its grace period (plus a little for the JVM to go).
# ---------------------------------------------------------------------------------------------
run_shutdown() {
  section "shutdown"
  curl -s -m "$MAX_TIME" -o /dev/null -H 'Host: faulty.rel.localhost' "$BASE/never" & inflight=$!
  sleep 0.5
  t0=$(now_ms); kill -TERM "$HOST_PID"
  for _ in $(seq 1 $(( (SHUTDOWN_GRACE + 10) * 10 ))); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$HOST_PID" 2>/dev/null; then
    record shutdown "SIGTERM with a request in flight" "exit <= $((SHUTDOWN_GRACE + 5)) s" "still running after $((SHUTDOWN_GRACE + 10)) s" FAIL
  else
    took=$(( $(now_ms) - t0 ))
    [ $took -le $(( (SHUTDOWN_GRACE + 5) * 1000 )) ] && r=PASS || r=FAIL
    record shutdown "SIGTERM with a request in flight" "exit <= $((SHUTDOWN_GRACE + 5)) s" "exited after $took ms" $r
  fi
  wait "$HOST_PID" 2>/dev/null; HOST_PID=""
  kill "$inflight" 2>/dev/null; wait "$inflight" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# 5. Summary: one table, printed and written to reliability/last-run.md
# ---------------------------------------------------------------------------------------------
summary() {
  echo "# Reliability suite: last run"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- command: \`reliability/run.sh$([ $SHORT = 1 ] && echo ' --short')\` ($MODE: warm-up ${WARM}s, load ${LOAD}s at 64 connections, fault windows ${FAULT_WINDOW}s at $CALM_CONNS connections)"
  echo "- host: \`./w7s ${HOST_ARGS[*]}\`, W7S_JAVA_OPTS=\`$W7S_JAVA_OPTS\`, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src runtime 2>/dev/null || echo ' + local changes')"
  echo "- machine: $(nproc) cores, wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}') on the same machine"
  echo
  echo "| section | check | expected | got | result |"
  echo "|---|---|---|---|---|"
  local r
  for r in "${ROWS[@]}"; do
    IFS='|' read -r a b c d e <<<"$r"
    echo "| $a | $b | $c | $d | $e |"
  done
  echo
  local pass fail skip
  pass=$(printf '%s\n' "${ROWS[@]}" | grep -c '|PASS$'); skip=$(printf '%s\n' "${ROWS[@]}" | grep -c '|SKIP$')
  echo "**$pass passed, $FAILED failed, $skip skipped.**"
}
# W7S_REL_SECTIONS runs a subset while working on the suite (e.g. "bad"); the default runs all.
SECTIONS="${W7S_REL_SECTIONS:-load bad faults shutdown}"
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
want load && run_load
want bad && run_bad_input
want faults && run_faults
want shutdown && run_shutdown

echo
summary | tee reliability/last-run.md
echo
echo "host log: $HOST_LOG"
[ "$FAILED" = 0 ]
