import { snapshotClass } from '../../core/runtime/graph.js';
/**
 * 紧急通知 voice calls of one corp (doc path/91623). A call's course is drawn when it is placed (rings, then is
 * answered and talks, or is not answered) and each step is booked on the corp's scheduler, so getstates
 * follows the mock clock.
 */
export interface Call {
  callid: string;
  userid: string;
  placedSec: number;
  /** 0 ringing, 1 talking, 2 ended after talking, 3 not answered, 4 failed. */
  phase: 0 | 1 | 2 | 3 | 4;
  calltime: number;
  talktime: number;
}

export class PstnccState {
  readonly calls = new Map<string, Call>();
}

/** A ring lasts this long before the member answers or, unanswered, the call gives up (mock choice). */
export const RING_TIMEOUT_SECONDS = 60;

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(PstnccState);
