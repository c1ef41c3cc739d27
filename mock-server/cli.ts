#!/usr/bin/env node
/** The `wecom-mock` command: dispatches to its subcommands. */
import { serve, SERVE_USAGE } from './main.js';
import { checkCallback } from './callbacks-checker/index.js';

const [first, ...rest] = process.argv.slice(2);

async function run(): Promise<void> {
  if (first === undefined || first.startsWith('-')) return serve(process.argv.slice(2));
  if (first === 'serve') return serve(rest);
  if (first === 'check-callback') {
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
