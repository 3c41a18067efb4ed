#!/usr/bin/env bash
# `npm run verify:all`: every check of the product, one step after another, then one line naming the
# steps that failed (exit 1 if any). One step per line below; add a step by adding a line.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() {
  local name=$1; shift
  echo
  echo "== verify:all: $name"
  "$@" || failed+=("$name")
}

# Types, lint, unit, integration, the production build, the standalone smoke test and e2e.
step "npm test" npm test
# Uses the production build that npm test made.
step "lighthouse" npm run lighthouse
# PostgreSQL stopped under load, SMTP down, the server killed amid submissions (a private cluster of its own).
step "faults" npm run faults
# The API fuzzer with 1,000 payloads per property (100 in npm test), on PGlite and on PostgreSQL when it answers.
fuzz() { FUZZ_RUNS="${FUZZ_RUNS:-1000}" TEST_DATABASE="$1" npx vitest run --project integration lib/testing/api-fuzz.int.test.ts; }
step "API fuzzing (PGlite)" fuzz pglite
if node scripts/postgres-reachable.mjs; then step "API fuzzing (PostgreSQL)" fuzz postgres; fi
# Further steps go here.

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "verify:all: every step passed"
else
  echo "verify:all: FAILED: ${failed[*]}"
  exit 1
fi
