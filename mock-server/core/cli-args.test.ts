import { afterEach, describe, expect, it, vi } from 'vitest';
import { isWholeNumber, parseCli, usageError } from './cli-args.js';

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

  it('When a flag is unknown, lacks its value or a positional is not allowed, then an error with node\'s message', () => {
    const unknown = parseCli(['--nope'], FLAGS);
    // An unknown flag gets one line naming it (and the closest known flag when there is one), since d590919.
    expect(unknown).toMatchObject({ kind: 'error', message: expect.stringContaining('unknown flag --nope') });
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
