#!/usr/bin/env bash
# `npm test`: the whole suite — types, lint, unit, integration on PGlite and (when reachable) on
# PostgreSQL, then Playwright in Debian's Chromium against a production build. Ends with one line
# "N passed, N failed" over every suite.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

mkdir -p .reports
rm -f .reports/*.json .reports/steps.txt

if [ ! -d node_modules ]; then
  echo "== installing dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "== installing Debian's Chromium for Playwright"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium >/dev/null || {
    echo "could not install chromium through apt"; exit 1; }
fi

step() {
  local name=$1; shift
  echo
  echo "== $name"
  if "$@"; then echo "$name ok" >> .reports/steps.txt; else echo "$name FAILED" >> .reports/steps.txt; fi
}

# The JSON report, and beside it the errors outside any test (scripts/vitest-errors-reporter.ts).
vitest_json() { echo "--reporter=default --reporter=json --reporter=./scripts/vitest-errors-reporter.ts --outputFile.json=.reports/$1.json"; }

step "typecheck" npx tsc --noEmit
step "lint" npx eslint . --max-warnings=0
# shellcheck disable=SC2046
step "unit" npx vitest run --project unit $(vitest_json vitest-unit)
# shellcheck disable=SC2046
step "integration (PGlite)" env TEST_DATABASE=pglite npx vitest run --project integration $(vitest_json vitest-integration-pglite)
if node scripts/postgres-reachable.mjs; then
  # shellcheck disable=SC2046
  step "integration (PostgreSQL)" env TEST_DATABASE=postgres npx vitest run --project integration $(vitest_json vitest-integration-postgres)
else
  echo
  echo "== integration (PostgreSQL): skipped, no server at ${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
fi
step "build" npx next build
# The production image's server (`node server.js` from the standalone output), on a fresh database.
step "standalone server smoke test" npx tsx scripts/smoke-standalone.ts
step "e2e (Playwright, Chromium)" npx playwright test

echo
node scripts/test-summary.mjs
