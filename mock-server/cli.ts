#!/usr/bin/env node
/** The `wecom-mock` command: dispatches to its subcommands. */
import v8 from 'node:v8';
import { serve, SERVE_USAGE } from './main.js';

// A larger young generation: every request allocates short-lived objects next to a big, long-lived corp
// (the large scenario holds ~250 MB); with V8's default the scavenger ran so often that user/get cost
// ~51 µs of CPU instead of ~41 (measured with /proc/<pid>/stat around autocannon). Unless the user chose.
const nodeOptions = `${process.env['NODE_OPTIONS'] ?? ''} ${process.execArgv.join(' ')}`;
if (!nodeOptions.includes('semi-space')) v8.setFlagsFromString('--max-semi-space-size=64');

const [first, ...rest] = process.argv.slice(2);

async function run(): Promise<void> {
  if (first === undefined || first.startsWith('-')) return serve(process.argv.slice(2));
  if (first === 'serve') return serve(rest);
  if (first === 'check-callback') {
    // Loaded on demand, like verify-client: serving never compiles the checker.
    const { checkCallback } = await import('./callbacks-checker/index.js');
    process.exitCode = await checkCallback(rest);
    return;
  }
  if (first === 'verify-client') {
    // The client verifier lives with the contract harness (contract-tests/verify).
    const { verifyClientCommand } = await import('../contract-tests/verify/cli.js');
    process.exitCode = await verifyClientCommand(rest);
    return;
  }
  if (first === 'help') {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return;
  }
  process.stderr.write(`wecom-mock: unknown command "${first}"\n\n${SERVE_USAGE}\n`);
  process.exit(2);
}

run().catch((e: unknown) => {
  process.stderr.write(`wecom-mock: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
