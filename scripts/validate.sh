#!/usr/bin/env bash
# Strict schema check of every rendered cluster on the oldest and newest supported Kubernetes
# version (unknown fields and kinds a version lacks are errors). Usage: npm run validate [DIST]
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/compile.mjs
exec node build/tools/validate.js "$@"
