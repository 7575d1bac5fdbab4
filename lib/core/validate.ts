import { IConstruct } from 'constructs';
import { check, Redacted } from './errors';

/** Kubernetes object names (RFC 1123 DNS label): what Services, namespaces and most names need. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Prometheus durations such as `30s`, `5m`, `1h30m`. */
export const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** Prometheus label names. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkDnsLabel(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value), where, field, value,
    'a DNS label: lowercase letters, digits and "-", starting and ending alphanumeric, at most 63 characters');
}

export function checkDuration(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && value !== '' && PROM_DURATION.test(value), where, field, value,
    'a Prometheus duration such as "30s", "5m" or "1h30m"');
}

/** Milliseconds in a Prometheus duration string (validated by checkDuration first). */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(n) * units[unit];
  return total;
}

export function checkLabelName(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && LABEL_NAME.test(value), where, field, value,
    'a Prometheus label name: letters, digits and "_", not starting with a digit');
}

export function checkPositiveInt(where: IConstruct | string, field: string, value: number): void {
  check(Number.isInteger(value) && value > 0, where, field, value, 'a whole number greater than 0');
}

export function checkOneOf<T extends string>(where: IConstruct | string, field: string, value: T, allowed: readonly T[]): void {
  check(allowed.includes(value), where, field, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

/** Whether `value` is an absolute URL with one of `schemes` (e.g. `'https:'`). */
export function isUrl(value: unknown, schemes: readonly string[] = ['http:', 'https:']): boolean {
  try {
    return schemes.includes(new URL(value as string).protocol);
  } catch {
    return false;
  }
}

export function checkUrl(where: IConstruct | string, field: string, value: string, schemes: readonly string[] = ['http:', 'https:']): void {
  checkNoUrlPassword(where, field, value);
  check(isUrl(value, schemes), where, field, value, `an absolute URL (${schemes.map((s) => s.replace(':', '')).join(' or ')})`);
}

/**
 * Rejects a URL that carries a password (`https://user:token@host/...`): it would be rendered
 * into dist/ and git. The error names the field and never prints the URL.
 */
export function checkNoUrlPassword(where: IConstruct | string, field: string, value: unknown): void {
  let password = false;
  try {
    password = new URL(value as string).password !== '';
  } catch {
    // Not a URL: the caller's own check says what is expected.
  }
  check(!password, where, field, new Redacted('a URL with a password in it was given'),
    'a URL without credentials: the rendered manifests are committed, so give the credential as a Secret reference where the field takes one');
}

/** Kubernetes resource quantities such as `100m`, `128Mi`, `1.5Gi`. */
export function checkQuantity(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(value), where, field, value,
    'a Kubernetes quantity such as "100m", "256Mi" or "10Gi"');
}

/** Bytes in a Kubernetes quantity (validated by checkQuantity first). */
export function quantityBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value)!;
  const units: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? units[m[2]] : 1);
}

/** A volume size: a quantity with a unit, at least 1Mi (a bare "2" is 2 bytes). */
export function checkStorageSize(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)$/.test(value) && quantityBytes(value) >= 2 ** 20, where, field, value,
    'a volume size with a unit, at least 1Mi, such as "10Gi" (a bare number counts bytes)');
}

/** A Kubernetes DNS subdomain (StorageClass, Secret and most object names): labels joined by dots. */
export function checkDnsSubdomain(where: IConstruct | string, field: string, value: string): void {
  check(typeof value === 'string' && value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value), where, field, value,
    'a DNS subdomain: lowercase letters, digits, "-" and ".", starting and ending alphanumeric');
}

const LABEL_PART = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `key` is a Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function isLabelKey(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  return (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) && name.length <= 63 && LABEL_PART.test(name);
}

/** Whether `value` is a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && LABEL_PART.test(value)));
}

/** Rejects labels (or a label selector) Kubernetes would refuse: every key and value is checked. */
export function checkLabels(where: IConstruct | string, field: string, labels: unknown): void {
  check(typeof labels === 'object' && labels !== null && !Array.isArray(labels), where, field, labels, 'labels as an object of key: value strings');
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    check(isLabelKey(key), where, `${field} key`, key,
      'a Kubernetes label key: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends');
    check(isLabelValue(value), where, `${field}[${JSON.stringify(key)}]`, value,
      'a Kubernetes label value: at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends (or empty); no quotes, spaces or newlines');
  }
}

/** Whether `value` is a TCP/UDP port number: a whole number from 1 to 65535. */
export function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

export function checkPort(where: IConstruct | string, field: string, value: unknown): void {
  check(isPort(value), where, field, value, 'a port number from 1 to 65535');
}

/** Kubernetes port names (IANA_SVC_NAME): at most 15 lowercase letters, digits and "-", with a letter, no "--". */
export function isPortName(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && /[a-z]/.test(value) && !value.includes('--');
}

/** Whether `value` is a DNS name (a host name): dot-separated labels of letters, digits and "-", at most 253 characters. */
export function isDnsName(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 253 && value.split('.').every((label) => label.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/.test(label));
}

/** A DNS name alone (a TLS server name, a host): no scheme, no port, no path. */
export function checkDnsName(where: IConstruct | string, field: string, value: unknown): void {
  const hint = typeof value === 'string' && /:\d+$/.test(value) ? ' (without the port: give the port where the address is)' : typeof value === 'string' && value.includes('://') ? ' (without the scheme)' : '';
  check(isDnsName(value), where, field, value, `a DNS name such as "thanos.example.net"${hint}`);
}

/** Rejects `host:port` strings without a port (Alertmanager's smarthost): `[ipv6]:port` is accepted too; the port must be 1-65535. */
export function checkHostPort(where: IConstruct | string, field: string, value: string, example = 'smtp.example.org:587'): void {
  const m = typeof value === 'string' ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?):(\d{1,5})$/.exec(value) : null;
  check(m !== null && (m[1].startsWith('[') || isDnsName(m[1])) && isPort(Number(m[3])), where, field, value, `host:port with a port from 1 to 65535, e.g. "${example}" (the port is required)`);
}

const EMAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+$/;

/** Whether `value` is one e-mail address, bare or as `Display Name <address>`. */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const named = /^[^<>\n\r"]*<([^<>\s]+)>$/.exec(value.trim());
  return EMAIL_ADDRESS.test(named ? named[1] : value.trim());
}

/** Rejects an e-mail address (or, with `list`, a comma-separated list of them) that the mail libraries refuse. */
export function checkEmail(where: IConstruct | string, field: string, value: string, list = false): void {
  const parts = typeof value === 'string' ? (list ? value.split(',') : [value]) : [value];
  check(parts.length > 0 && parts.every(isEmailAddress), where, field, value,
    `${list ? 'e-mail addresses separated by ","' : 'an e-mail address'} such as "ops@example.org" or "Ops <ops@example.org>"`);
}

/**
 * Rejects a Slack channel Slack would refuse: `#name` (lowercase letters, digits, "-" and "_",
 * at most 80 characters), the name without `#` where `hash` is optional, `@user`, or a channel
 * ID such as `C0123ABCDEF` (IDs never take a `#`).
 */
export function checkSlackChannel(where: IConstruct | string, field: string, value: string, hash: 'required' | 'optional' = 'required'): void {
  const name = hash === 'required' ? /^#[a-z0-9_-]{1,80}$/ : /^#?[a-z0-9_-]{1,80}$/;
  // A direct message to a user (`@name`) is what Slack's webhooks take besides channels.
  const user = /^@[a-z0-9._-]{1,80}$/;
  check(typeof value === 'string' && (name.test(value) || user.test(value) || /^[CDG][A-Z0-9]{8,}$/.test(value)), where, field, value,
    `a Slack channel: ${hash === 'required' ? '"#name"' : '"name" or "#name"'} of lowercase letters, digits, "-" and "_" (at most 80), a user as "@name", or a channel ID such as "C0123ABCDEF"`);
}
