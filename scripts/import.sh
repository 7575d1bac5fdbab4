#!/usr/bin/env bash
# Regenerates imports/ offline: the same entries as cdk8s.yaml, read from the pinned
# upstream CRD copies in ../shared/crds (or $CRDS_DIR) instead of downloading them. The new
# files are generated into a staging folder first and swapped in only when every import
# succeeded: a missing CRD or a failed import leaves imports/ as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
crds=${CRDS_DIR:-../shared/crds}
# The cdk8s CLI checks npm for a newer version first; offline that prints a stack trace.
export CDK8S_CHECK_UPGRADE=false

entries=$(grep -E '^\s*- [a-z]+:=' cdk8s.yaml | sed -E 's/^\s*- //')
if [ ! -d "$crds" ]; then
  echo "import: no CRD folder at $crds: it holds the pinned upstream CRDs cdk8s.yaml names (set CRDS_DIR to another copy, or run 'npx cdk8s import' with internet access). imports/ is unchanged." >&2
  exit 1
fi
missing=()
sources=()
while IFS= read -r entry; do
  file=$(basename "${entry#*:=}")
  local_file=$(find "$crds" -name "$file" | head -n 1)
  if [ -z "$local_file" ]; then missing+=("$file"); else sources+=("${entry%%:=*}:=$local_file"); fi
done <<< "$entries"
if [ ${#missing[@]} -gt 0 ]; then
  echo "import: not found under $crds: ${missing[*]}. imports/ is unchanged." >&2
  exit 1
fi

# `cdk8s import` records every import it runs in cdk8s.yaml: keep the file as it is (upstream URLs).
saved=$(mktemp)
staging=$(mktemp -d .imports-staging.XXXXXX)
cp cdk8s.yaml "$saved"
trap 'cp "$saved" cdk8s.yaml; rm -rf "$saved" "$staging"' EXIT
for source in "${sources[@]}"; do
  npx cdk8s import --language typescript --output "$staging" "$source"
done
old=$(mktemp -d .imports-old.XXXXXX)
rmdir "$old"
[ -d imports ] && mv imports "$old"
mv "$staging" imports
rm -rf "$old"
echo "import: regenerated imports/ from $crds"
