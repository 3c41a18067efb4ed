#!/usr/bin/env bash
# `npm run verify:all`: the long checks that CI runs shorter. The API fuzzer with 1,000 payloads per
# property (CI runs 100), on PGlite and, when it is reachable, on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz=(npx vitest run --project integration lib/testing/api-fuzz.int.test.ts)
export FUZZ_RUNS="${FUZZ_RUNS:-1000}"

echo "== API fuzzing, ${FUZZ_RUNS} payloads per property (PGlite)"
TEST_DATABASE=pglite "${fuzz[@]}"

if node scripts/postgres-reachable.mjs; then
  echo "== API fuzzing, ${FUZZ_RUNS} payloads per property (PostgreSQL)"
  TEST_DATABASE=postgres "${fuzz[@]}"
else
  echo "== API fuzzing (PostgreSQL): skipped, no server at ${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
fi
