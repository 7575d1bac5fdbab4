import { IConstruct } from 'constructs';

/**
 * The one error type for bad input. It names where the input was given (a construct path or a
 * config location), the field, the bad value and what would be accepted, so a failed synth
 * reads as an instruction rather than a stack trace.
 */
export class StackValidationError extends Error {
  public readonly where: string;
  public readonly field: string;
  public readonly value: unknown;
  public readonly expected: string;

  constructor(where: IConstruct | string, field: string, value: unknown, expected: string) {
    const path = typeof where === 'string' ? where : where.node.path || '<root>';
    super(`${path}: ${field} = ${describe(value)} is not valid; expected ${expected}`);
    this.name = 'StackValidationError';
    this.where = path;
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Throws a StackValidationError unless `ok`. */
export function check(ok: boolean, where: IConstruct | string, field: string, value: unknown, expected: string): void {
  if (!ok) throw new StackValidationError(where, field, value, expected);
}
