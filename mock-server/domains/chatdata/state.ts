/**
 * Per-corp state of the archive's programs (会话内容存档 · 专区): the public key programs encrypt with, the
 * programs (debug mode, log level, callback switch), async program tasks and the members' sensitive-data
 * settings. No HTTP, no errcodes.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Program {
  program_id: string;
  abilities: readonly string[];
  debug: { token: string; untilMs: number } | undefined;
  logLevel: number;
  receiveCallback: boolean;
}

export interface ProgramTask extends JobTimes {
  program_id: string;
  ability_id: string;
  request: Record<string, unknown>;
  response: string | undefined;
}

/** What the mock's stand-in programs can do (the answers are computed from the archive). */
export const ABILITIES = ['archive_stats', 'search_text', 'echo'] as const;

export class ChatdataState {
  readonly rng: Rng;
  readonly publicKeys: { version: number; pem: string; setAtMs: number }[] = [];
  readonly programs = new Map<string, Program>();
  readonly tasks = new JobBook<ProgramTask>(LIMITS.lifetime.async_job_retention.seconds * 1000);
  /** userid → hide_mobile / hide_idcard / hide_bankno. */
  readonly hide = new Map<string, { hide_mobile: boolean; hide_idcard: boolean; hide_bankno: boolean }>();

  constructor(seed: string) {
    this.rng = new Rng(`${seed}:chatdata`);
    // Every corp has one program (the mock has no console to publish more).
    const program_id = `pg${this.rng.string(30)}`;
    this.programs.set(program_id, { program_id, abilities: ABILITIES, debug: undefined, logLevel: 2, receiveCallback: false });
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ChatdataState);
