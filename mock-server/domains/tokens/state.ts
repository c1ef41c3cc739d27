import { QuotaCounter } from '../../core/pipeline/limits.js';

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
