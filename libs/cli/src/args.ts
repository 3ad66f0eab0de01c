import { parseArgs } from 'node:util';

/** One command-line option of a tool: `--name value` (string) or `--name` (boolean). */
export interface CliOption {
  type: 'string' | 'boolean';
  description: string;
  default?: string;
  /** Shown in the help as `--name <hint>`. */
  hint?: string;
}

export interface CliSpec<O extends Record<string, CliOption>> {
  /** e.g. `npm run eval -- [options]`. */
  usage: string;
  description: string;
  options: O;
  /** What positional arguments mean (`<question words…>`); none are accepted without it. */
  positionals?: string;
}

export type CliValues<O extends Record<string, CliOption>> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : O[K] extends { default: string } ? string : string | undefined;
};

/** `--help` asked, or a usage error: what to print and the exit code. */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly code: 0 | 2,
  ) {
    super(message);
  }
}

export function helpText<O extends Record<string, CliOption>>(spec: CliSpec<O>): string {
  const rows = Object.entries({ ...spec.options, help: { type: 'boolean', description: 'show this help' } as CliOption }).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` <${o.hint ?? 'value'}>` : ''}`,
    `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`,
  ]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [`usage: ${spec.usage}`, '', spec.description, '', 'options:', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)].join('\n');
}

/**
 * Parses `argv` strictly (node:util parseArgs): an unknown flag, a missing value or an
 * unexpected positional is a usage error. Throws CliExit for `--help` (code 0) and errors (2).
 */
export function parseCli<O extends Record<string, CliOption>>(spec: CliSpec<O>, argv: string[]): { values: CliValues<O>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.default !== undefined ? { default: o.default } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: Boolean(spec.positionals) });
  } catch (error) {
    throw new CliExit(`${error instanceof Error ? error.message : String(error)}\nrun with --help for the options`, 2);
  }
  if (parsed.values.help) throw new CliExit(helpText(spec), 0);
  const given = parsed.values as Record<string, string | boolean | undefined>;
  const values = Object.fromEntries(
    Object.keys(spec.options).map((name) => [name, given[name] ?? (spec.options[name].type === 'boolean' ? false : undefined)]),
  );
  return { values: values as CliValues<O>, positionals: parsed.positionals };
}

/** parseCli for a tool's main: prints the help or the error and exits. */
export function cli<O extends Record<string, CliOption>>(spec: CliSpec<O>, argv = process.argv.slice(2)): { values: CliValues<O>; positionals: string[] } {
  try {
    return parseCli(spec, argv);
  } catch (error) {
    if (!(error instanceof CliExit)) throw error;
    (error.code === 0 ? process.stdout : process.stderr).write(`${error.code === 0 ? '' : 'error: '}${error.message}\n`);
    process.exit(error.code);
  }
}

/** A numeric option's value, or a usage error naming it. */
export function numberOption(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) usageError(`--${name} must be a number (got "${value}")`);
  return n;
}

/** An integer option's value, at least `min` (1: a count of things; 0: may be none), or a usage error naming it. */
export function integerOption(name: string, value: string, min: 0 | 1): number {
  const n = numberOption(name, value);
  if (!Number.isInteger(n) || n < min) usageError(`--${name} must be a ${min === 1 ? 'positive' : 'non-negative'} integer (got "${value}")`);
  return n;
}

function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}
