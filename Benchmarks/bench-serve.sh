#!/usr/bin/env bash
# relmap serve under load: 20 signed-in RMs from wrk on loopback, against the same question
# answered by `relmap next --rm` end to end, in the same run.
#
#   Benchmarks/bench-serve.sh [ENTITIES | GRAPH_DIR] [SECONDS]     (default 1000000, 20)
#
# Prints: start-up to first answer; each RM's first (uncached) ranking; p50/p95/p99 latency and
# errors per page under 20 concurrent sessions (wrk, 2 threads, 20 connections, bounded in time);
# the server's resident memory; `relmap next --rm` end to end for the same RMs. The server listens
# on 127.0.0.1 and is stopped by this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
arg="${1:-1000000}"
seconds="${2:-20}"
if [ -d "$arg" ]; then data="$arg"; else data="$here/data/world-$arg"; fi
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

if [ -n "${RELMAP_BIN:-}" ]; then
    relmap="$RELMAP_BIN"       # a release binary built elsewhere
else
    echo "== building (release)"
    (cd "$root" && swift build -c release --product relmap >/dev/null)
    relmap="$root/.build/release/relmap"
fi
if [ ! -f "$data/relations.csv" ]; then
    echo "== generating $data"
    mkdir -p "$(dirname "$data")"
    "$relmap" generate --entities "$arg" --seed 1 --out "$data"
fi

# 20 RMs with the largest books, each with an account.
rms=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="rm") c=i; next} $4=="client" && $c!="" {n[$c]++} END{for(r in n) print n[r], r}' "$data/entities.csv" | sort -rn | head -20 | awk '{print $2}')
ws="$work/workspace.sqlite"
for rm in $rms; do
    printf 'bench password %s\n' "$rm" | "$relmap" users add --workspace "$ws" --name "$rm" --role rm --rm "$rm" --password-stdin 2>/dev/null
done

echo "== start-up: load, warm up, listen, first answer"
port=$((20000 + RANDOM % 20000))
start=$(date +%s.%N)
"$relmap" serve "$data" --workspace "$ws" --port "$port" --lang en 2>"$work/serve.log" &
server_pid=$!
first_rm=$(echo "$rms" | head -1)
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
curl -s -c "$work/c0" -H 'Content-Type: application/json' -d "{\"user\":\"$first_rm\",\"password\":\"bench password $first_rm\"}" "http://127.0.0.1:$port/api/login" >/dev/null
curl -s -b "$work/c0" -o /dev/null "http://127.0.0.1:$port/api/next?top=20"
end=$(date +%s.%N)
echo "startup to first ranked answer: $(echo "$end - $start" | bc) s"

echo "== each RM signs in; first (uncached) ranking of each book"
: > "$work/cookies.lua"
echo "cookies = {" >> "$work/cookies.lua"
for rm in $rms; do
    curl -s -c "$work/c-$rm" -H 'Content-Type: application/json' -d "{\"user\":\"$rm\",\"password\":\"bench password $rm\"}" "http://127.0.0.1:$port/api/login" >/dev/null
    token=$(awk '$6=="relmap_session"{print $7}' "$work/c-$rm")
    echo "  \"relmap_session=$token\"," >> "$work/cookies.lua"
    # The CSRF token of the same session, for the write scenario (a second sign-in is a new session).
    curl -s -c "$work/w-$rm" -H 'Content-Type: application/json' -d "{\"user\":\"$rm\",\"password\":\"bench password $rm\"}" "http://127.0.0.1:$port/api/login" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' > "$work/csrf-$rm"
    echo "$(awk '$6=="relmap_session"{print $7}' "$work/w-$rm") $(cat "$work/csrf-$rm")" >> "$work/writers.txt"
    curl -s -b "$work/c-$rm" -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$port/api/next?top=20" >> "$work/cold.txt"
done
echo "}" >> "$work/cookies.lua"
sort -n "$work/cold.txt" | awk '{a[NR]=$1} END{printf "first ranking per RM (20 books): median %.3f s, max %.3f s\n", a[int((NR+1)/2)], a[NR]}'

entity=$(awk -F, 'NR>1 && $4=="prospect"{print $1; exit}' "$data/entities.csv")
run_wrk() {   # $1 label, $2 path
    cat "$work/cookies.lua" > "$work/script.lua"
    cat >> "$work/script.lua" <<LUA
local i = 0
request = function()
  i = i % #cookies + 1
  return wrk.format("GET", "$2", {["Cookie"] = cookies[i], ["Accept-Language"] = "zh-CN"})
end
done = function(summary, latency, requests)
  io.write(string.format("%-28s %7d requests  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  errors %d (non-2xx %d)\n",
    "$1", summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
LUA
    wrk -t 2 -c 20 -d "${seconds}s" --timeout 10s -s "$work/script.lua" "http://127.0.0.1:$port" | tail -1
}
echo "== 20 concurrent signed-in RMs (wrk -t2 -c20, ${seconds}s per page)"
run_wrk "GET /api/next?top=20" "/api/next?top=20"
echo "== writes: 20 sessions logging activities at once (POST /api/activities, durable when answered)"
{
  echo "writers = {"
  while read -r token csrf; do echo "  {\"relmap_session=$token\", \"$csrf\"},"; done < "$work/writers.txt"
  echo "}"
  cat <<LUA
local i = 0
request = function()
  i = i % #writers + 1
  local body = '{"target":"$entity","kind":"call","date":"2026-11-30","note":"bench write","people":[]}'
  return wrk.format("POST", "/api/activities", {["Cookie"] = writers[i][1], ["X-CSRF-Token"] = writers[i][2],
    ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("%-28s %7d requests  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  errors %d (non-2xx %d)\n",
    "POST /api/activities", summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
LUA
} > "$work/write.lua"
wrk -t 2 -c 20 -d "${seconds}s" --timeout 10s -s "$work/write.lua" "http://127.0.0.1:$port" | tail -1
echo "(reads while the graph is rebuilt after those writes)"
run_wrk "GET /api/next?top=20 after" "/api/next?top=20"

# Search last: its substring scan takes seconds per request on a million names, and the
# requests still queued when wrk stops would hold the server during the next scenario.
run_wrk "GET / (my book page)" "/"
run_wrk "GET /entities/$entity" "/entities/$entity"
run_wrk "GET /api/chain?to=$entity" "/api/chain?to=$entity&k=5"
run_wrk "GET /api/search?q=..." "/api/search?q=%E7%A7%91%E6%8A%80"
echo "server resident memory: $(awk '/VmRSS/{printf "%.0f MB", $2/1024}' /proc/$server_pid/status) (peak $(awk '/VmHWM/{printf "%.0f MB", $2/1024}' /proc/$server_pid/status))"

echo "== the same question end to end: relmap next DIR --rm RM --top 20 --format json (3 RMs)"
for rm in $(echo "$rms" | head -3); do
    /usr/bin/time -f "relmap next --rm $rm: %e s wall, %M KB max RSS" "$relmap" next "$data" --rm "$rm" --top 20 --format json >/dev/null 2>"$work/t"; tail -1 "$work/t"
done
