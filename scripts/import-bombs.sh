#!/usr/bin/env bash
# Import bombs: send each file tools/perf/cmd/importbombs writes (a sheet reaching
# column XFD, 20 MiB of blank CSV lines, a zip unpacking to a gigabyte, a
# CSV record of ten million fields, …) to POST /api/v1/import?dry_run=true
# of a fresh `koncern serve` on SQLite, one server per file, and print the
# answer's status and time, the CPU time the server spent on it (which a
# loaded machine does not stretch) and its peak resident memory (VmHWM).
# KONCERN_BIN measures another build of the server (e.g. an older commit),
# BOMB_FILES a selection of the files.
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -KILL "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

bin="${KONCERN_BIN:-$work/koncern}"
[[ -n "${KONCERN_BIN:-}" ]] || go build -o "$bin" ./cmd/koncern
# The tools live in their own module (tools/perf), apart from the product.
go -C tools/perf build -o "$work/crashload" ./cmd/crashload
go -C tools/perf run ./cmd/importbombs -dir "$work"

# cpu is the server's user and system time so far, in seconds.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

printf '%-22s %10s %6s %8s %7s %10s\n' file bytes status seconds cpu_s peak_MiB
files="${BOMB_FILES:-far-column.xlsx far-column-300k.xlsx blank-lines.csv unpacking.xlsx full.xlsx wide.csv long-field.csv many-rows.csv}"
for file in $files; do
  db="$work/${file}.db"
  token="$("$bin" token create --db "$db" --name bombs --role registrar | tail -n 1)"
  url="http://127.0.0.1:$("$work/crashload" -mode port)"
  "$bin" serve --addr "${url#http://}" --db "$db" --rate-limit 0 >>"$work/server.log" 2>&1 &
  server=$!
  "$work/crashload" -mode wait -url "$url"
  before="$(cpu "$server")"
  case "$file" in
    *.csv) type=text/csv; kind="&kind=people" ;;
    *) type=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; kind="" ;;
  esac
  out="$(curl -s -o "$work/answer" -w '%{http_code} %{time_total}' --max-time 120 \
    -H "Authorization: Bearer $token" -H "Content-Type: $type" \
    --data-binary "@$work/$file" "$url/api/v1/import?dry_run=true$kind" || echo "000 timeout")"
  peak="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$server/status")"
  spent="$(awk -v a="$before" -v b="$(cpu "$server")" 'BEGIN {printf "%.2f", b - a}')"
  printf '%-22s %10s %6s %8s %7s %10s\n' "$file" "$(stat -c %s "$work/$file")" ${out} "$spent" "$peak"
  if [[ -n "${VERBOSE:-}" ]]; then head -c 400 "$work/answer"; echo; fi
  kill -TERM "$server"
  wait "$server" || true
  server=""
done
