#!/usr/bin/env bash
# Fetches the Debian trixie programs the tests run (Alertmanager 0.28.1 + amtool, Prometheus 2.53.3
# + promtool, kustomize 5.6.0) into .tools/trixie/root without touching the system: a private
# sources list, `apt-get download`, `dpkg -x`. They are static Go programs. Safe to run again:
# packages already unpacked are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${TRIXIE_TOOLS_DIR:-$PWD/.tools/trixie}
packages=(prometheus-alertmanager prometheus promtool kustomize)
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/root" "$dir/debs"
cat > "$dir/trixie.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$dir" -o "Dir::State::Lists=$dir/lists"
  -o "Dir::Cache=$dir/cache" -o "Dir::State::status=/var/lib/dpkg/status" -o APT::Sandbox::User=root)
missing=()
for p in "${packages[@]}"; do [ -e "$dir/debs/.$p" ] || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get "${apt[@]}" update -qq
  (cd "$dir/debs" && apt-get "${apt[@]}" download "${missing[@]}")
  for p in "${missing[@]}"; do
    dpkg -x "$dir/debs/${p}"_*.deb "$dir/root"
    touch "$dir/debs/.$p"
  done
fi
for tool in alertmanager:prometheus-alertmanager amtool prometheus promtool kustomize; do
  bin=${tool%%:*} file=${tool#*:}
  [ "$file" = "$tool" ] && file=$bin
  [ -x "$dir/root/usr/bin/$file" ] || { echo "fetch-trixie-tools: $file missing from $dir/root/usr/bin" >&2; exit 1; }
done
"$dir/root/usr/bin/prometheus-alertmanager" --version 2>&1 | head -n 1
"$dir/root/usr/bin/promtool" --version 2>&1 | head -n 1
"$dir/root/usr/bin/kustomize" version 2>&1 | head -n 1
