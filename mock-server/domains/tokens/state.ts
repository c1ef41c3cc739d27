import { QuotaCounter } from '../../core/pipeline/limits.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Ticket {
  ticket: string;
  expiresAtMs: number;
}

/** JS-SDK tickets of one corp and their fetch quotas. (access tokens live in the CorpRegistry.) */
export class TokensState {
  corpTicket: Ticket | undefined;
  readonly agentTickets = new Map<number, Ticket>();
  readonly ticketFetches = new QuotaCounter();
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(TokensState);
