/** URLs of the mock's own operations, built from the spec's route table (no URL literal in handlers). */
import { OPERATIONS } from '../../../spec/generated/operations.js';

/** `baseUrl` + the path of `operationId` + the query. Throws for an operationId the spec does not have. */
export function operationUrl(baseUrl: string, operationId: string, query: Record<string, string> = {}): string {
  const op = OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const qs = new URLSearchParams(query).toString();
  return `${baseUrl}${op.path}${qs ? `?${qs}` : ''}`;
}
