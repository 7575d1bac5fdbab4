import { parseArgs } from 'util';
import { closestKey } from '../lib/core/known-keys';

/**
 * The command line of `npm run synth`, `diff`, `validate` and `bench`: each states its options,
 * `--flag=value` and `--flag value` are the same, `--help` prints the usage, and anything else
 * (an unknown flag, a missing value, an argument too many) is an error that says which flag it
 * could have meant, before any work starts.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--cluster a --cluster b`). @default false */
  readonly multiple?: boolean;
  /** The value's placeholder in the usage, e.g. `NAME`. @default 'VALUE' */
  readonly value?: string;
  readonly description: string;
  /** Internal (used between the tool's own processes): accepted, not listed. @default false */
  readonly hidden?: boolean;
}

export interface CommandSpec {
  /** How it is run, e.g. `npm run synth --`. */
  readonly command: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Arguments without a flag, e.g. `[BASE]`; none when empty. @default [] */
  readonly positionals?: readonly { readonly name: string; readonly description: string }[];
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** A command line the command does not take. */
export class CommandLineError extends Error {}

/** The usage text `--help` prints. */
export function usage(spec: CommandSpec): string {
  const positionals = spec.positionals ?? [];
  const shown = Object.entries(spec.options).filter(([, o]) => !o.hidden);
  const flag = ([name, o]: [string, OptionSpec]) => `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  const lines = [
    `usage: ${spec.command} ${[...shown.map((o) => `[${flag(o)}]${o[1].multiple ? '...' : ''}`), ...positionals.map((p) => `[${p.name}]`)].join(' ')}`.trimEnd(),
    '', spec.summary, '',
  ];
  const rows: [string, string][] = [...positionals.map((p): [string, string] => [p.name, p.description]), ...shown.map((o): [string, string] => [flag(o), o[1].description]), ['--help', 'print this help and exit']];
  const width = Math.max(...rows.map(([l]) => l.length));
  for (const [left, text] of rows) lines.push(`  ${left.padEnd(width)}  ${text}`);
  return lines.join('\n');
}

/**
 * The options and positionals of `args` (the arguments after the program), or `help: true`.
 * @throws CommandLineError naming the argument, and the flag it could have meant
 */
export function parseCommandLine(spec: CommandSpec, args: readonly string[]): { help: boolean; values: Values; positionals: string[] } {
  if (args.includes('--help') || args.includes('-h')) return { help: true, values: {}, positionals: [] };
  const known = Object.keys(spec.options);
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple ?? false }])),
      allowPositionals: true,
      strict: true,
    });
    const allowed = spec.positionals?.length ?? 0;
    if (positionals.length > allowed) {
      throw new CommandLineError(`unexpected argument ${JSON.stringify(positionals[allowed])}${allowed === 0 ? ' (this command takes options only)' : ''}`);
    }
    return { help: false, values: values as Values, positionals };
  } catch (err) {
    if (err instanceof CommandLineError) throw err;
    const code = (err as { code?: string }).code;
    const text = err instanceof Error ? err.message : String(err);
    const option = /'(-{1,2}[^'\s=]+)/.exec(text)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      const closest = closestKey(option.replace(/^-+/, ''), known);
      throw new CommandLineError(`unknown option ${option}${closest ? ` (did you mean --${closest}?)` : ''}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      const name = option.replace(/^-+/, '').replace(/\s.*$/, '');
      const o = spec.options[name];
      throw new CommandLineError(o?.type === 'boolean' ? `--${name} takes no value` : `--${name} needs a value: --${name} ${o?.value ?? 'VALUE'} or --${name}=${o?.value ?? 'VALUE'}`);
    }
    throw new CommandLineError(text);
  }
}

/**
 * The parsed command line, for a tool's main: prints the usage and exits 0 on `--help`; prints
 * the error and a pointer to `--help` and exits 2 on a command line it does not take.
 */
export function commandLine(spec: CommandSpec, args: readonly string[]): { values: Values; positionals: string[] } {
  try {
    const parsed = parseCommandLine(spec, args);
    if (parsed.help) {
      console.log(usage(spec));
      process.exit(0);
    }
    return parsed;
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    console.error(`${spec.command.replace(/ --$/, '')}: ${err.message}\n${usage(spec).split('\n')[0]}\n(--help for the options)`);
    process.exit(2);
  }
}

/** The arguments after the program, also when scripts/compile.mjs runs it in its own process. */
export function programArgs(argv: readonly string[] = process.argv, program = /(?:^|[/\\])[\w.-]+\.(?:js|ts|mjs)$/): string[] {
  // argv: node, [scripts/compile.mjs,] build/<entry>.js, args...
  let i = 1;
  while (i < argv.length && program.test(argv[i])) i++;
  return argv.slice(i);
}
