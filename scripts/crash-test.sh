#!/usr/bin/env bash
# Crash test: write people to koncern serve on a fresh SQLite file, kill
# the server with SIGKILL at a random moment, restart it, CRASH_LOOPS times
# (default 5); then check that every write the server acknowledged (201) is
# still there, that PRAGMA integrity_check is ok and that the audit chain
# verifies. Traffic goes to 127.0.0.1 only; every loop is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

loops="${CRASH_LOOPS:-5}"
work="$(mktemp -d)"
server=""

cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -KILL "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/koncern" ./cmd/koncern
# The load tool lives in the tools module (tools/perf), apart from the product.
go -C tools/perf build -o "$work/crashload" ./cmd/crashload

db="$work/crash.db"
ids="$work/acked.txt"
: >"$ids"
url="http://127.0.0.1:$("$work/crashload" -mode port)"
# The load writes as a registrar; the token's secret is the last line.
token="$("$work/koncern" token create --db "$db" --name crashload --role registrar | tail -n 1)"

# start_server runs koncern serve in the background and waits until it
# answers /healthz. The rate limit is off: the load is one client address.
start_server() {
  "$work/koncern" serve --addr "${url#http://}" --db "$db" --rate-limit 0 >>"$work/server.log" 2>&1 &
  server=$!
  if ! "$work/crashload" -mode wait -url "$url"; then
    tail -n 20 "$work/server.log" >&2
    exit 1
  fi
}

for i in $(seq 1 "$loops"); do
  start_server
  "$work/crashload" -mode load -url "$url" -token "$token" -ids "$ids" -duration 10s &
  load=$!
  # A random moment between 0.2 and 1.7 s into the load.
  ms=$((200 + RANDOM % 1500))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  kill -KILL "$server"
  wait "$server" 2>/dev/null || true
  server=""
  wait "$load"
  echo "loop $i: killed; $(wc -l <"$ids") acknowledged so far"
done

start_server
"$work/crashload" -mode verify -url "$url" -token "$token" -ids "$ids"
kill -TERM "$server"
wait "$server" || true
server=""
"$work/koncern" check --db "$db"
echo "crash test passed: $loops SIGKILLs"
