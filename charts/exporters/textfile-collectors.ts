import { TextfileCollectorConfig } from '../../config';
import { check } from '../../lib/core/errors';

/** A collector with its defaults applied. */
export interface TextfileCollector {
  readonly name: string;
  readonly script: string;
  readonly intervalSeconds: number;
}

/** Collectors every cluster gets; user collectors from config are added after them. */
export const BUILTIN_COLLECTORS: TextfileCollectorConfig[] = [
  {
    name: 'reboot_required',
    intervalSeconds: 300,
    script: [
      '# Debian and Ubuntu hosts flag a pending reboot (kernel or libc update) with this file.',
      'if [ -e /host/root/var/run/reboot-required ] || [ -e /host/root/run/reboot-required ]; then v=1; else v=0; fi',
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
      'echo "# HELP node_kernel_tainted The kernel taint bitmask (/proc/sys/kernel/tainted)."',
      'echo "# TYPE node_kernel_tainted gauge"',
      'echo "node_kernel_tainted $(cat /host/proc/sys/kernel/tainted)"',
    ].join('\n'),
  },
];

/** Validates and completes the collectors: names are metric-safe and unique. */
export function textfileCollectors(where: string, configured: readonly TextfileCollectorConfig[]): TextfileCollector[] {
  const all = [...BUILTIN_COLLECTORS, ...configured];
  const seen = new Set<string>();
  return all.map((c, i) => {
    const at = `textfileCollectors[${i - BUILTIN_COLLECTORS.length}]`;
    check(typeof c.name === 'string' && /^[a-z][a-z0-9_]*$/.test(c.name) && c.name.length <= 60, where, `${at}.name`, c.name,
      'a lowercase metric-safe name: letters, digits and "_", starting with a letter');
    check(!seen.has(c.name), where, `${at}.name`, c.name, `a name not used by another collector (built-in: ${BUILTIN_COLLECTORS.map((b) => b.name).join(', ')})`);
    seen.add(c.name);
    check(typeof c.script === 'string' && c.script.trim() !== '', where, `${at}.script`, c.script, 'a shell script printing metrics');
    const interval = c.intervalSeconds ?? 300;
    check(Number.isInteger(interval) && interval >= 10 && interval <= 86_400, where, `${at}.intervalSeconds`, interval, 'a whole number of seconds between 10 and 86400');
    return { name: c.name, script: c.script, intervalSeconds: interval };
  });
}
