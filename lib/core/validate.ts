import { IConstruct } from 'constructs';
import { check } from './errors';

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
  check(isUrl(value, schemes), where, field, value, `an absolute URL (${schemes.map((s) => s.replace(':', '')).join(' or ')})`);
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
