/**
 * The textfile-collector runner: a POSIX shell script (busybox) that runs each collector on
 * its own interval, writes its output to `<name>.prom` atomically (temporary file, then
 * rename in the same directory, so node-exporter never reads a half-written file), and
 * reports on itself in `collector_<name>.prom`: success, last run time, duration, interval.
 * A run that takes longer than its interval is stopped and counts as failed.
 */
export const TEXTFILE_RUNNER = `#!/bin/sh
# Usage: runner.sh NAME:INTERVAL_SECONDS ...  (scripts in $SCRIPTS_DIR/NAME.sh)
set -u
OUT="\${TEXTFILE_DIR:-/textfile}"
SCRIPTS="\${SCRIPTS_DIR:-/collectors}"

run_once() {
  name="$1"; interval="$2"
  started=$(date +%s)
  tmp="$OUT/.$name.prom.$$"
  # A run that outlasts its interval is hung: stop it and count it as a failure.
  if timeout "$interval" sh "$SCRIPTS/$name.sh" > "$tmp" 2> "$OUT/.$name.stderr"; then
    success=1
    mv -f "$tmp" "$OUT/$name.prom"
  else
    success=0
    rm -f "$tmp"
    echo "collector $name failed: $(tail -n 3 "$OUT/.$name.stderr")" >&2
  fi
  finished=$(date +%s)
  status="$OUT/.collector_$name.prom.$$"
  {
    echo "# HELP node_textfile_collector_success Whether the last run of the collector script succeeded."
    echo "# TYPE node_textfile_collector_success gauge"
    echo "node_textfile_collector_success{collector=\\"$name\\"} $success"
    echo "# HELP node_textfile_collector_last_run_timestamp_seconds When the collector script last finished."
    echo "# TYPE node_textfile_collector_last_run_timestamp_seconds gauge"
    echo "node_textfile_collector_last_run_timestamp_seconds{collector=\\"$name\\"} $finished"
    echo "# HELP node_textfile_collector_duration_seconds How long the last run of the collector script took."
    echo "# TYPE node_textfile_collector_duration_seconds gauge"
    echo "node_textfile_collector_duration_seconds{collector=\\"$name\\"} $((finished - started))"
    echo "# HELP node_textfile_collector_interval_seconds How often the collector script runs."
    echo "# TYPE node_textfile_collector_interval_seconds gauge"
    echo "node_textfile_collector_interval_seconds{collector=\\"$name\\"} $interval"
  } > "$status" && mv -f "$status" "$OUT/collector_$name.prom"
}

loop() {
  while true; do
    run_once "$1" "$2"
    [ "\${RUN_ONCE:-0}" = 1 ] && return 0
    sleep "$2"
  done
}

pids=""
for spec in "$@"; do
  loop "\${spec%%:*}" "\${spec##*:}" &
  pids="$pids $!"
done
# The loops' pids, kept as they start: \`jobs -p\` in a trap is empty under some shells (dash).
trap 'kill $pids 2>/dev/null; exit 0' TERM INT
wait
`;
