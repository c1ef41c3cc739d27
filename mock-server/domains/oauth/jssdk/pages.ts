/**
 * The JS-SDK stand-in over HTTP: the script at WeCom's script URLs and the JSON endpoint it calls
 * (`POST /wwopen/js/wecom-mock/invoke`). Both answer any origin: a page under development is on its own
 * host (the app's trusted domain) and loads the script cross-origin, as it loads WeCom's from the CDN.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATIONS } from '../../../../spec/generated/operations.js';
import { readBody } from '../../../core/pipeline/body.js';
import { baseUrlOf } from '../../../core/pipeline/request.js';
import type { PageHandler } from '../../../core/tenancy/manifest.js';
import type { MockHost } from '../../types.js';
import { invokeJssdk, type BridgeCall, type SignedPart } from './bridge.js';
import { jssdkScript } from './client.js';

const SCRIPTS = new Set(['wwopen_js_jwxwork', 'open_js_jweixin', 'wwopen_js_jsapi_jweixin', 'node_open_js_wecom_jssdk']);
// The endpoint the script calls, from the spec (jssdk_invoke).
const BRIDGE_PATH = OPERATIONS.find((o) => o.operationId === 'jssdk_invoke')!.path;
const CALL_MAX = 64 * 1024;

class BadCall extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The caller is a page on the app's own host; no cookies or credentials are involved.
    'Access-Control-Allow-Origin': '*',
  });
  res.end(text);
}

function signedPart(v: unknown, name: string): SignedPart | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new BadCall('bad_body', `${name} must be an object`);
  const o = v as Record<string, unknown>;
  const ts = o['timestamp'];
  if ((typeof ts !== 'string' && typeof ts !== 'number') || typeof o['nonceStr'] !== 'string' || typeof o['signature'] !== 'string') {
    throw new BadCall('bad_body', `${name} needs timestamp, nonceStr and signature`);
  }
  return { timestamp: ts, nonceStr: o['nonceStr'], signature: o['signature'] };
}

/** The body of a stand-in call, checked. */
function parseCall(raw: Buffer, req: IncomingMessage): { corpid: string; call: BridgeCall } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadCall('bad_json', 'the body is not JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadCall('bad_json', 'the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const { corpid, url, api } = b;
  if (typeof corpid !== 'string' || corpid === '') throw new BadCall('bad_body', 'corpid is required (wx.config appId, wx.agentConfig corpid or ww.register corpId)');
  if (typeof url !== 'string' || typeof api !== 'string' || api === '') throw new BadCall('bad_body', 'url and api are required');
  const args = b['args'] ?? {};
  if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new BadCall('bad_body', 'args must be an object');
  const config = signedPart(b['config'], 'config');
  const agent = signedPart(b['agentConfig'], 'agentConfig');
  const agentid = (b['agentConfig'] as Record<string, unknown> | undefined)?.['agentid'];
  if (agent && (typeof agentid !== 'number' || !Number.isInteger(agentid))) throw new BadCall('bad_body', 'agentConfig.agentid must be an integer');
  const ua = b['user_agent'];
  const header = req.headers['user-agent'];
  return {
    corpid,
    call: {
      url,
      api,
      args: args as Record<string, unknown>,
      config,
      agentConfig: agent ? { ...agent, agentid: agentid as number } : undefined,
      userAgent: typeof ua === 'string' ? ua : undefined,
      headerUserAgent: typeof header === 'string' ? header : undefined,
    },
  };
}

/** The script paths and the endpoint the script calls. */
export function jssdkPages(host: MockHost): PageHandler[] {
  const script: PageHandler = async (req, res, op) => {
    if (!SCRIPTS.has(op.operationId)) return false;
    req.resume();
    const text = jssdkScript(BRIDGE_PATH, baseUrlOf(req));
    res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(text);
    return true;
  };
  const bridge: PageHandler = async (req, res, op) => {
    if (op.operationId !== 'jssdk_invoke') return false;
    try {
      const raw = await readBody(req, CALL_MAX);
      if (!raw.ok) throw new BadCall('body_too_large', `a call is at most ${CALL_MAX} bytes`);
      const { corpid, call } = parseCall(raw.raw, req);
      const corp = host.registry.get(corpid);
      if (!corp) throw new BadCall('unknown_corp', `no corp ${corpid} in the mock (POST /__mock/corps creates one)`);
      sendJson(res, 200, invokeJssdk(corp, call));
    } catch (e) {
      if (!(e instanceof BadCall)) throw e;
      sendJson(res, 400, { error: { code: e.code, message: e.message } });
    }
    return true;
  };
  return [script, bridge];
}
