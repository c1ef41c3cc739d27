/**
 * Fault profiles of `wecom-mock verify-client`: what the mock does to the client's corp while the client
 * runs. Built on the control plane's fault rules (POST /__mock/faults, with `every`/`burst` so a profile
 * is deterministic: a client that retries right always gets through) and token expiry.
 *
 * A YAML profile file has the same shape:
 *
 *   name: my-profile
 *   faults:                      # fault rules (spec FaultRule); the corpid is added
 *     - { errcode: -1, every: 5 }
 *     - { expire_token: true, every: 7 }
 *   expire_tokens_every_ms: 2000 # also end all of the corp's tokens on a timer
 *   tuning: { min_backoff_ms: 50, max_system_busy_retries: 3, throttle_window_ms: 250, throttle_max_calls: 3 }
 *   skip_checks: [spec-conformance]
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { components } from '../../spec/generated/openapi.js';
import { CHECK_IDS, type CheckTuning } from './checks.js';

export type FaultRuleInput = Omit<components['schemas']['FaultRule'], 'id' | 'corpid'>;

export interface Profile {
  name: string;
  description: string;
  faults: FaultRuleInput[];
  expire_tokens_every_ms?: number | undefined;
  tuning?: Partial<CheckTuning> | undefined;
  skip_checks?: string[] | undefined;
}

export const PROFILES: Record<string, Profile> = {
  none: { name: 'none', description: 'no faults: the mock behaves like a healthy WeCom', faults: [] },
  'token-expiry': {
    name: 'token-expiry',
    description: 'tokens die early: every 7th call with a token ends that token (→ 42001)',
    faults: [{ expire_token: true, every: 7 }],
  },
  flaky: {
    name: 'flaky',
    description: 'every 5th call answers -1 (system busy); every 3rd of the others waits 40 ms',
    faults: [
      { errcode: -1, every: 5 },
      { latency_ms: 40, every: 3 },
    ],
  },
  throttled: {
    name: 'throttled',
    description: '45009 windows: the last 2 of every 10 calls answer 45009 (api freq out of limit)',
    faults: [{ errcode: 45009, every: 10, burst: 2 }],
  },
  chaos: {
    name: 'chaos',
    description: 'all of them: early token expiry, -1, 45009 windows and latency',
    faults: [
      { expire_token: true, every: 9 },
      { errcode: -1, every: 7 },
      { errcode: 45009, every: 13, burst: 2 },
      { latency_ms: 30, every: 4 },
    ],
  },
};

export const PROFILE_NAMES = Object.keys(PROFILES);

function fail(file: string, message: string): never {
  throw new Error(`profile ${file}: ${message}`);
}

/** A built-in profile by name, or a YAML file. */
export function loadProfile(nameOrFile: string): Profile {
  const builtIn = PROFILES[nameOrFile];
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = readFileSync(nameOrFile, 'utf8');
  } catch {
    throw new Error(`unknown profile "${nameOrFile}": use ${PROFILE_NAMES.join(', ')} or a YAML file`);
  }
  return parseProfile(text, nameOrFile);
}

/** Parses and checks a YAML profile. */
export function parseProfile(text: string, file = 'profile'): Profile {
  const raw = parseYaml(text) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(file, 'must be a YAML mapping');
  const known = new Set(['name', 'description', 'faults', 'expire_tokens_every_ms', 'tuning', 'skip_checks']);
  for (const k of Object.keys(raw)) if (!known.has(k)) fail(file, `unknown key "${k}" (known: ${[...known].join(', ')})`);
  const faults = raw['faults'] ?? [];
  if (!Array.isArray(faults)) fail(file, 'faults must be a list of fault rules');
  for (const [i, r] of faults.entries()) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) fail(file, `faults[${i}] must be a mapping`);
    if ('corpid' in r) fail(file, `faults[${i}]: leave corpid out, verify-client adds its corp`);
  }
  const every = raw['expire_tokens_every_ms'];
  if (every !== undefined && (typeof every !== 'number' || every < 50)) fail(file, 'expire_tokens_every_ms must be a number ≥ 50');
  const skip = raw['skip_checks'] ?? [];
  if (!Array.isArray(skip) || skip.some((s) => !(CHECK_IDS as readonly string[]).includes(String(s)))) {
    fail(file, `skip_checks must list check ids (${CHECK_IDS.join(', ')})`);
  }
  const tuning = raw['tuning'];
  if (tuning !== undefined && (typeof tuning !== 'object' || tuning === null || Array.isArray(tuning))) fail(file, 'tuning must be a mapping');
  return {
    name: typeof raw['name'] === 'string' ? raw['name'] : file,
    description: typeof raw['description'] === 'string' ? raw['description'] : `faults from ${file}`,
    faults: faults as FaultRuleInput[],
    expire_tokens_every_ms: every as number | undefined,
    tuning: tuning as Partial<CheckTuning> | undefined,
    skip_checks: skip.map(String),
  };
}
