#!/usr/bin/env bash
# Fetches the Debian programs the tests run into .tools/trixie/root without touching the system:
# a private sources list, `apt-get download`, `dpkg -x`. They are static Go programs.
# - From trixie (stable): Prometheus 2.53.3 + promtool, kustomize 5.6.0.
# - Alertmanager + amtool from unstable (0.33.1 when written), the newest Debian has and the
#   closest to the release the stack pins; trixie's 0.28.1 when unstable no longer carries it.
# Safe to run again: packages already unpacked are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${TRIXIE_TOOLS_DIR:-$PWD/.tools/trixie}
mkdir -p "$dir/root" "$dir/debs"

# apt options for a private sources list of one suite, kept under $dir/<suite>/.
apt_for() {
  local suite=$1 state="$dir/$1"
  mkdir -p "$state/sources" "$state/lists/partial" "$state/cache/archives/partial"
  cat > "$state/sources/$suite.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$state/sources" -o "Dir::State::Lists=$state/lists"
    -o "Dir::Cache=$state/cache" -o "Dir::State::status=/var/lib/dpkg/status" -o APT::Sandbox::User=root)
}

# fetch SUITE PACKAGE...: downloads and unpacks the packages not unpacked yet; fails if one is missing.
fetch() {
  local suite=$1; shift
  local missing=() p
  for p in "$@"; do [ -e "$dir/debs/.$p" ] || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  apt_for "$suite"
  apt-get "${apt[@]}" update -qq
  (cd "$dir/debs" && apt-get "${apt[@]}" download "${missing[@]}") || return 1
  for p in "${missing[@]}"; do
    dpkg -x "$dir/debs/${p}"_*.deb "$dir/root"
    touch "$dir/debs/.$p"
  done
}

fetch trixie prometheus promtool kustomize
if ! fetch unstable prometheus-alertmanager; then
  echo "fetch-trixie-tools: no prometheus-alertmanager in Debian unstable, taking trixie's" >&2
  fetch trixie prometheus-alertmanager
fi

for tool in alertmanager:prometheus-alertmanager amtool prometheus promtool kustomize; do
  bin=${tool%%:*} file=${tool#*:}
  [ "$file" = "$tool" ] && file=$bin
  [ -x "$dir/root/usr/bin/$file" ] || { echo "fetch-trixie-tools: $file missing from $dir/root/usr/bin" >&2; exit 1; }
done
"$dir/root/usr/bin/prometheus-alertmanager" --version 2>&1 | head -n 1
"$dir/root/usr/bin/promtool" --version 2>&1 | head -n 1
"$dir/root/usr/bin/kustomize" version 2>&1 | head -n 1
