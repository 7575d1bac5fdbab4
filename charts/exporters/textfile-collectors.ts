import { TextfileCollectorConfig } from '../../config';
import { check } from '../../lib/core/errors';

/** A collector with its defaults applied. */
export interface TextfileCollector {
  readonly name: string;
  readonly script: string;
  readonly intervalSeconds: number;
}

/**
 * Where collector scripts find the host: the sidecar sets these to its read-only host mounts;
 * scripts read them (with these defaults) so they also run against a test directory.
 */
export const HOST_PATHS = { HOST_ROOT: '/host/root', HOST_PROC: '/host/proc', HOST_SYS: '/host/sys' } as const;

/** Collectors every cluster gets; user collectors from config are added after them. */
export const BUILTIN_COLLECTORS: TextfileCollectorConfig[] = [
  {
    name: 'reboot_required',
    intervalSeconds: 300,
    script: [
      '# Debian and Ubuntu hosts flag a pending reboot (kernel or libc update) with this file.',
      'root="${HOST_ROOT:-/host/root}"',
      'if [ -e "$root/var/run/reboot-required" ] || [ -e "$root/run/reboot-required" ]; then v=1; else v=0; fi',
      'echo "# HELP node_reboot_required Whether the host asks for a reboot to finish an update."',
      'echo "# TYPE node_reboot_required gauge"',
      'echo "node_reboot_required $v"',
    ].join('\n'),
  },
  {
    name: 'kernel_taint',
    intervalSeconds: 600,
    script: [
      '# A non-zero taint means the kernel oopsed, warned, or loaded an unsigned module.',
      '# Read into a variable first: under `set -e` a failed read then fails the script instead',
      '# of printing a malformed sample.',
      'v=$(cat "${HOST_PROC:-/host/proc}/sys/kernel/tainted")',
      'echo "# HELP node_kernel_tainted The kernel taint bitmask (/proc/sys/kernel/tainted)."',
      'echo "# TYPE node_kernel_tainted gauge"',
      'echo "node_kernel_tainted $v"',
    ].join('\n'),
  },
  {
    name: 'filesystem_errors',
    intervalSeconds: 600,
    script: [
      '# ext4 counts the errors it met (I/O errors, corruption) in its superblock until e2fsck',
      '# clears them: the first sign of a dying SD card or disk. node-exporter does not export it.',
      'echo "# HELP node_ext4_filesystem_errors Errors recorded in the ext4 superblock since the last fsck."',
      'echo "# TYPE node_ext4_filesystem_errors gauge"',
      'for f in "${HOST_SYS:-/host/sys}"/fs/ext4/*/errors_count; do',
      '  [ -r "$f" ] || continue',
      '  dev="${f%/errors_count}"; dev="${dev##*/}"',
      '  n=$(cat "$f")',
      '  echo "node_ext4_filesystem_errors{device=\\"$dev\\"} $n"',
      'done',
    ].join('\n'),
  },
];

/** Validates and completes the collectors: names are metric-safe and unique, intervals sane. */
export function textfileCollectors(where: string, configured: readonly TextfileCollectorConfig[]): TextfileCollector[] {
  const all = [...BUILTIN_COLLECTORS, ...configured];
  const seen = new Set<string>();
  return all.map((c, i) => {
    const at = `textfileCollectors[${i - BUILTIN_COLLECTORS.length}]`;
    check(typeof c.name === 'string' && /^[a-z][a-z0-9_]*$/.test(c.name) && c.name.length <= 60, where, `${at}.name`, c.name,
      'a lowercase metric-safe name of at most 60 characters: letters, digits and "_", starting with a letter');
    // collector_<name>.prom holds the runner's own metrics for <name>.
    check(!c.name.startsWith('collector_'), where, `${at}.name`, c.name, 'a name not starting with "collector_" (reserved for the runner\'s status files)');
    check(!seen.has(c.name), where, `${at}.name`, c.name, `a name not used by another collector (built-in: ${BUILTIN_COLLECTORS.map((b) => b.name).join(', ')})`);
    seen.add(c.name);
    check(typeof c.script === 'string' && c.script.trim() !== '', where, `${at}.script`, c.script, 'a shell script printing metrics');
    const interval = c.intervalSeconds ?? 300;
    check(Number.isInteger(interval) && interval >= 10 && interval <= 86_400, where, `${at}.intervalSeconds`, interval, 'a whole number of seconds between 10 and 86400');
    return { name: c.name, script: c.script, intervalSeconds: interval };
  });
}
