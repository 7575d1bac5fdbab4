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

  /** The last one raised: a check inside cdk8s' serialization comes back wrapped, and this unwraps it. */
  public static last: StackValidationError | undefined;

  constructor(where: IConstruct | string, field: string, value: unknown, expected: string) {
    const path = typeof where === 'string' ? where : where.node.path || '<root>';
    super(`${path}: ${field} = ${describe(value)} is not valid; expected ${expected}`);
    this.name = 'StackValidationError';
    this.where = path;
    this.field = field;
    this.value = value;
    this.expected = expected;
    StackValidationError.last = this;
  }
}

/**
 * Stands in for a value that must never be printed (a literal credential given where a Secret
 * reference belongs): errors end up in CI logs, which are often public.
 */
export class Redacted {
  constructor(public readonly what: string) {}
  public toJSON(): string {
    return `(${this.what}, not shown)`;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (value instanceof Redacted) return value.toJSON();
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Throws a StackValidationError unless `ok`. */
export function check(ok: boolean, where: IConstruct | string, field: string, value: unknown, expected: string): void {
  if (!ok) throw new StackValidationError(where, field, value, expected);
}

/**
 * cdk8s wraps an error raised while it serializes an object (in a value computed lazily, once
 * every construct exists) in "Failed serializing construct at path ...: <error>". The last
 * StackValidationError raised is the one it quotes: that one is returned, to be thrown as itself.
 */
export function unwrapSerializationError(err: unknown): unknown {
  const cause = StackValidationError.last;
  const wrapped = err instanceof Error ? /^Failed serializing construct at path '[^']*' with name '[^']*': (?:\w*Error: )?([\s\S]*)$/.exec(err.message) : null;
  if (!wrapped) return err;
  if (cause !== undefined && wrapped[1] === cause.message) return cause;
  // Another error: its own message, without the wrapper (its type name and stack are lost in cdk8s).
  return new Error(wrapped[1]);
}
