import { afterEach, describe, expect, it, vi } from 'vitest';
import { flags, isWholeNumber, parseCli, parseCommand, usageError, usageFor } from './cli-args.js';

const FLAGS = { port: { type: 'string' }, json: { type: 'boolean' }, filter: { type: 'string', short: 't' } } as const;

describe('parseCli', () => {
  it('When flags are given, then their values come back typed, with positionals when allowed', () => {
    expect(parseCli(['--port', '9000', '--json', '-t', 'x', 'a.ts'], FLAGS, true)).toEqual({
      kind: 'ok',
      values: { port: '9000', json: true, filter: 'x' },
      positionals: ['a.ts'],
    });
    expect(parseCli([], FLAGS)).toEqual({ kind: 'ok', values: {}, positionals: [] });
  });

  it('When -h or --help is given, then help is answered (every command has it)', () => {
    expect(parseCli(['-h'], FLAGS)).toEqual({ kind: 'help' });
    expect(parseCli(['--port', '1', '--help'], FLAGS)).toEqual({ kind: 'help' });
  });

  it('When a flag is unknown, lacks its value or a positional is not allowed, then an error that says so', () => {
    const unknown = parseCli(['--nope'], FLAGS);
    expect(unknown).toMatchObject({ kind: 'error', message: expect.stringMatching(/^unknown flag --nope/) });
    expect(parseCli(['--port'], FLAGS)).toMatchObject({ kind: 'error', message: expect.stringContaining("Option '--port <value>' argument missing") });
    expect(parseCli(['extra'], FLAGS)).toMatchObject({ kind: 'error', message: expect.stringContaining("Unexpected argument 'extra'") });
  });
});

describe('usageError and isWholeNumber', () => {
  afterEach(() => vi.restoreAllMocks());

  it('When an option is bad, then "<command>: <message>", a blank line and the usage go to stderr, and the exit code is 2', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(usageError('wecom-x', 'bad', 'Usage: x')).toBe(2);
    expect(write).toHaveBeenCalledWith('wecom-x: bad\n\nUsage: x\n');
  });

  it('When a value is checked as a whole number, then only digits pass', () => {
    expect(['0', '8080', '007'].every(isWholeNumber)).toBe(true);
    expect(['', '-1', '1.5', '1e3', ' 1', 'x'].some(isWholeNumber)).toBe(false);
  });
});

describe('flags, parseCommand and usageFor', () => {
  afterEach(() => vi.restoreAllMocks());
  const CL = { command: 'wecom-x', usage: 'Usage: x' };

  it('When flags are declared by kind, then they are the parseArgs options of that kind', () => {
    expect(flags({ string: ['port', 'ca-dir'], boolean: ['json'] })).toEqual({ port: { type: 'string' }, 'ca-dir': { type: 'string' }, json: { type: 'boolean' } });
    expect(flags({})).toEqual({});
  });

  it('When a command is parsed, then good flags come back, help is printed to its out with exit 0, a bad flag exits 2', () => {
    const printed: string[] = [];
    const cl = { ...CL, out: (s: string) => void printed.push(s) };
    expect(parseCommand(cl, ['--port', '1', 'a'], FLAGS, true)).toEqual({ values: { port: '1' }, positionals: ['a'] });
    expect(parseCommand(cl, ['-h'], FLAGS)).toEqual({ exit: 0 });
    expect(printed).toEqual(['Usage: x\n']);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(parseCommand(cl, ['--nope'], FLAGS)).toEqual({ exit: 2 });
    // An unknown flag: one line, no usage.
    expect(write).toHaveBeenCalledWith("wecom-x: unknown flag --nope (--help lists every flag)\n");
    expect(usageFor(CL)('bad')).toBe(2);
    expect(write).toHaveBeenLastCalledWith('wecom-x: bad\n\nUsage: x\n');
  });
});
