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
    const code = (e as { code?: string }).code;
    const flag = /'(-[^']*)'/.exec(e instanceof Error ? e.message : '')?.[1];
    // One line naming the unknown flag and the closest known one, not the whole usage.
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) return { kind: 'error', message: unknownFlag(flag, Object.keys({ ...options, ...HELP })) };
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  if ((parsed.values as { help?: boolean }).help) return { kind: 'help' };
  return { kind: 'ok', values: parsed.values, positionals: parsed.positionals as string[] };
}

/** A command's flags by kind, as parseArgs options: `flags({ string: ['port'], boolean: ['json'] })`. */
export function flags<const S extends string = never, const B extends string = never>(kinds: {
  string?: readonly S[];
  boolean?: readonly B[];
}): { [K in S]: { type: 'string' } } & { [K in B]: { type: 'boolean' } } {
  const out: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const k of kinds.string ?? []) out[k] = { type: 'string' };
  for (const k of kinds.boolean ?? []) out[k] = { type: 'boolean' };
  return out as { [K in S]: { type: 'string' } } & { [K in B]: { type: 'boolean' } };
}

/** A command as its flag parsing sees it: its name in messages, its usage text, where help goes. */
export interface CommandLine {
  command: string;
  usage: string;
  out?: (s: string) => void;
}

/** What {@link parseCommand} found: the exit code when the command is done (help shown, or bad flags), else the flags. */
export type ParsedCommand<O extends Options, P extends boolean = false> =
  | { exit: 0 | 2 }
  | { exit?: undefined; values: Flags<O, P>; positionals: string[] };

/**
 * {@link parseCli} with the shared answers: `--help` prints the usage to `out` (stdout by default) and
 * exits 0; a bad flag prints {@link usageError} and exits 2.
 */
export function parseCommand<const O extends Options, P extends boolean = false>(
  cl: CommandLine,
  argv: string[],
  options: O,
  allowPositionals?: P,
): ParsedCommand<O, P> {
  const parsed = parseCli(argv, options, allowPositionals);
  if (parsed.kind === 'error') return { exit: usageError(cl.command, parsed.message, cl.usage) };
  if (parsed.kind === 'help') {
    (cl.out ?? ((s: string) => process.stdout.write(s)))(`${cl.usage}\n`);
    return { exit: 0 };
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

const UNKNOWN = 'unknown flag ';

/** `unknown flag --x; did you mean --y? (--help lists them)`, the suggestion within two edits. */
function unknownFlag(flag: string, names: string[]): string {
  const bare = flag.replace(/^-+/, '').split('=')[0]!;
  let best: string | undefined;
  let bestDistance = 3;
  for (const n of names) {
    const d = editDistance(bare, n);
    if (d < bestDistance || (d === bestDistance && best === undefined)) [best, bestDistance] = [n, d];
  }
  return `${UNKNOWN}${flag}${best !== undefined && bestDistance <= 2 ? `; did you mean --${best}?` : ''} (--help lists every flag)`;
}

/** Levenshtein distance, for flag suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Prints `<command>: <message>`, a blank line and the usage to stderr (an unknown flag: the one line only);
 * answers exit code 2.
 */
export function usageError(command: string, message: string, usage: string): 2 {
  process.stderr.write(message.startsWith(UNKNOWN) ? `${command}: ${message}\n` : `${command}: ${message}\n\n${usage}\n`);
  return 2;
}

/** The command's {@link usageError}: `usage('--x must be …')` prints it and answers 2. */
export function usageFor(cl: CommandLine): (message: string) => 2 {
  return (message) => usageError(cl.command, message, cl.usage);
}

/** True for a flag value of digits only (ports, seeds, counts, seconds). */
export function isWholeNumber(value: string): boolean {
  return /^\d+$/.test(value);
}
