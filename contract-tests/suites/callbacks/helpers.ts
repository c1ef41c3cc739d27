/** Shared steps of the callbacks suites: a receiver for a corp's app, configuration, drain, outbox reads. */
import { expect } from 'vitest';
import type { components } from '../../../spec/generated/openapi.js';
import type { Target, TestCorp } from '../../harness/target.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver, correctBehaviour, type ReceiverBehaviour } from '../../harness/receiver.js';

export type CallbackEntry = components['schemas']['CallbackEntry'];
export type SimulationResult = components['schemas']['SimulationResult'];

export interface AppReceiver {
  receiver: CallbackReceiver;
  agentid: number;
  token: string;
  aesKey: string;
}

/** The first app of the corp with a receiver on 127.0.0.1, configured through the control plane (verified). */
export async function appReceiver(
  target: Target,
  corp: TestCorp,
  behaviour: ReceiverBehaviour = correctBehaviour,
  options: Record<string, unknown> = {},
): Promise<AppReceiver> {
  const app = corp.raw!.apps[0]!;
  const receiver = await CallbackReceiver.start(new ReceiverCrypto(app.callback.token, app.callback.encoding_aes_key, corp.corpid), behaviour);
  const r = await target.admin('PUT', '/__mock/callbacks/config', {
    corpid: corp.corpid,
    agentid: app.agentid,
    url: receiver.url,
    retry_backoff_ms: [0, 0],
    ...options,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return { receiver, agentid: app.agentid, token: app.callback.token, aesKey: app.callback.encoding_aes_key };
}

/** A fresh corp, its first app's receiver (see {@link appReceiver}) and a member who may use the app. */
export interface AppSession extends AppReceiver {
  corp: TestCorp;
  userid: string;
}

/** What {@link withAppReceiver} passes on to {@link appReceiver}. */
export interface AppReceiverSetup {
  behaviour?: ReceiverBehaviour;
  options?: Record<string, unknown>;
}

/** Runs `fn` with a fresh corp and its app's receiver, and closes the receiver afterwards, whatever happened. */
export async function withAppReceiver<T>(target: Target, fn: (s: AppSession) => Promise<T>): Promise<T>;
export async function withAppReceiver<T>(target: Target, setup: AppReceiverSetup, fn: (s: AppSession) => Promise<T>): Promise<T>;
export async function withAppReceiver<T>(
  target: Target,
  a: AppReceiverSetup | ((s: AppSession) => Promise<T>),
  b?: (s: AppSession) => Promise<T>,
): Promise<T> {
  const [setup, fn] = typeof a === 'function' ? [{}, a] : [a, b!];
  const corp = await target.newCorp();
  const rx = await appReceiver(target, corp, setup.behaviour, setup.options);
  try {
    return await fn({ ...rx, corp, userid: corp.raw!.sample_userids![0]! });
  } finally {
    await rx.receiver.close();
  }
}

/** Waits (without sleeping) until the corp's delivery queue is empty. */
export async function drain(target: Target, corpid: string): Promise<void> {
  const r = await target.admin<{ idle: boolean }>('POST', '/__mock/callbacks/drain', { corpid, timeout_ms: 20_000 });
  expect(r.status).toBe(200);
  expect(r.json.idle).toBe(true);
}

export async function outboxEntry(target: Target, corpid: string, id: string): Promise<CallbackEntry> {
  const r = await target.admin<CallbackEntry>('GET', `/__mock/callbacks/${id}?corpid=${corpid}`);
  expect(r.status).toBe(200);
  return r.json;
}

export async function simulate(target: Target, kind: 'message' | 'event', body: Record<string, unknown>): Promise<SimulationResult> {
  const r = await target.admin<SimulationResult>('POST', `/__mock/simulate/${kind}`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json;
}

/** Text of the single `<tag>` of a plaintext XML (CDATA or bare). */
export function xmlField(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${tag}>`).exec(xml);
  return m ? (m[1] ?? m[2]) : undefined;
}
