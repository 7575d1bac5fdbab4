#!/usr/bin/env bash
# Regenerates imports/ offline: the same entries as cdk8s.yaml, read from the pinned
# upstream CRD copies in ../shared/crds instead of downloading them.
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${CRDS_DIR:-../shared/crds}
export CDK8S_CHECK_UPGRADE=false
# `cdk8s import` records every import it runs in cdk8s.yaml: keep the file as it is (upstream URLs).
saved=$(mktemp)
cp cdk8s.yaml "$saved"
trap 'cp "$saved" cdk8s.yaml; rm -f "$saved"' EXIT
rm -rf imports
grep -E '^\s*- [a-z]+:=' "$saved" | sed -E 's/^\s*- //' | while IFS= read -r entry; do
  name=${entry%%:=*}
  file=$(basename "${entry#*:=}")
  local_file=$(find "$crds" -name "$file" | head -n 1)
  [ -n "$local_file" ] || { echo "import: $file not found under $crds" >&2; exit 1; }
  npx cdk8s import --language typescript --output imports "$name:=$local_file"
done
