#!/usr/bin/env bash
# make cover: the whole suite with coverage counted over the product's
# packages, whichever package's tests reach them (-coverpkg), so that code
# exercised only through another package (the registry through the
# handlers, say) counts. Left out: the code ent generates (ent/schema, the
# hand-written schema and privacy policies, stays in), the test helpers (the
# benchmark and load tools are a module of their own, tools/perf). Writes the profile to ${COVER_OUT:-cover.out} and
# prints each package's figure, then the total.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
out="${COVER_OUT:-cover.out}"
module="$($GO list -m)"
pkgs="$($GO list ./... | grep -Ev "^$module/ent(/.*)?\$|test\$" || true)"
pkgs="$pkgs $module/ent/schema"
$GO test -count=1 -covermode=set -coverpkg="$(echo $pkgs | tr ' ' ',')" -coverprofile="$out" ./... >/dev/null
# A block appears once per test binary that was built with it; it counts as
# covered when any of them ran it.
awk -v module="$module" 'NR > 1 {
  split($1, loc, ":"); block = $1
  stmts[block] = $2
  if ($3 > 0) hit[block] = 1
}
END {
  for (b in stmts) {
    split(b, loc, ":"); pkg = loc[1]; sub("/[^/]*$", "", pkg); sub("^" module "/", "", pkg)
    if (pkg == module) pkg = "koncern (root)"
    total[pkg] += stmts[b]
    if (b in hit) covered[pkg] += stmts[b]
  }
  for (p in total) printf "%-24s %6.1f%% of %5d statements\n", p, 100 * covered[p] / total[p], total[p]
}' "$out" | sort
$GO tool cover -func="$out" | tail -n 1
