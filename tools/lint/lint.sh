#!/usr/bin/env bash
# Lints the contract, openapi.yaml, with Redocly CLI (its recommended
# ruleset) and Spectral (spectral:oas), and fails on any error or warning
# of either. The linters are the exact versions in package-lock.json; run
# `npm ci` here first (make lint-contract does when they are missing).
set -euo pipefail
cd "$(dirname "$0")"
# Without them, npx --no-install fails and the report below would be read
# as empty JSON, which says nothing about why.
for bin in redocly spectral; do
  if [ ! -x "node_modules/.bin/$bin" ]; then
    echo "lint.sh: $bin is not installed in tools/lint: run npm ci there, or make lint-contract" >&2
    exit 1
  fi
done
status=0
spec=../../openapi.yaml
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Redocly exits 0 when it finds only warnings, so its totals are read from
# its JSON report (its exit status says no more than that); the readable
# report is printed when there is anything to fix.
echo "== redocly lint (recommended)"
report=$(npx --no-install redocly lint --format=json "$spec" 2>/dev/null) || true
read -r errors warnings < <(node -e 'const t=JSON.parse(process.argv[1]).totals; console.log(t.errors, t.warnings)' "$report")
if [ "$errors" != 0 ] || [ "$warnings" != 0 ]; then
  npx --no-install redocly lint --format=codeframe "$spec" || true
  echo "redocly: $errors errors and $warnings warnings; the contract must have none"
  status=1
else
  echo "redocly: 0 errors, 0 warnings"
fi

echo "== spectral lint (spectral:oas)"
npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity warn "$spec" || status=1
exit "$status"
