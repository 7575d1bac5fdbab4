#!/usr/bin/env bash
# Strict schema check of every rendered cluster (Kubernetes 1.28 + the pinned CRDs, unknown
# fields are errors), one cluster folder at a time: clusters share object names. The CRDs' Go
# `(?i)` patterns are read as case-insensitive, since Node 20's RegExp rejects them.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
status=0
for cluster in "$dist"/*/; do
  echo "${cluster%/}:"
  node --import ./test/support/go-regexp-shim.mjs ../shared/tools/schema-check/validate-dist.mjs "${cluster%/}" || status=1
done
exit $status
