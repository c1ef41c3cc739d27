/**
 * Flag parsing of the entry commands (`wecom-mock`, its subcommands, `wecom-contract`): node's
 * util.parseArgs with the conventions they share — strict flags, `-h/--help` on every command, errors
 * printed as `<command>: <message>` followed by the usage text, exit code 2 for bad options.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type Config<O extends Options, P extends boolean> = { args: string[]; options: O & typeof HELP; allowPositionals: P; strict: true };

/** The parsed flags of a command whose options are `O` (plus help). */
export type Flags<O extends Options, P extends boolean = false> = ReturnType<typeof parseArgs<Config<O, P>>>['values'];

export type CliArgs<O extends Options, P extends boolean = false> =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; values: Flags<O, P>; positionals: string[] };

/** Parses `argv` against `options` (help is added); an unknown flag or a missing value is an error, not a throw. */
export function parseCli<const O extends Options, P extends boolean = false>(argv: string[], options: O, allowPositionals?: P): CliArgs<O, P> {
  let parsed;
  try {
    parsed = parseArgs<Config<O, P>>({ args: argv, options: { ...options, ...HELP }, allowPositionals: (allowPositionals ?? false) as P, strict: true });
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  if ((parsed.values as { help?: boolean }).help) return { kind: 'help' };
  return { kind: 'ok', values: parsed.values, positionals: parsed.positionals as string[] };
}

/** Prints `<command>: <message>`, a blank line and the usage to stderr; answers exit code 2. */
export function usageError(command: string, message: string, usage: string): 2 {
  process.stderr.write(`${command}: ${message}\n\n${usage}\n`);
  return 2;
}

/** True for a flag value of digits only (ports, seeds, counts, seconds). */
export function isWholeNumber(value: string): boolean {
  return /^\d+$/.test(value);
}
