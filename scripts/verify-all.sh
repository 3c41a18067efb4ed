#!/usr/bin/env bash
# `npm run verify:all`: the whole test suite, then the fault run (issue 8).
set -euo pipefail
cd "$(dirname "$0")/.."
npm test
npm run faults
