/** TLS proxy settings for verify-client's child (see mock-server/tls); filled in by the TLS part. */
import type { Target } from '../harness/target.js';

export async function proxyForClient(_target: Target): Promise<{ env: Record<string, string>; close: () => Promise<void> }> {
  return { env: {}, close: async () => {} };
}
