/**
 * Control plane of 企业支付 on the pay host: merchants (mch_id, API key, balance, paying app) bound to a corp, their
 * API certificates from the mock's local CA (issued when first asked for: the key pair costs a moment), and the
 * member opening a red packet.
 */
import { AdminError, appOf, corpOf, created, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import { newMerchantIds, type Merchant } from './state.js';
import { chinaTime, settleRedpack } from './routes.js';

function find(host: MockHost, mch_id: string): { corp: Corp; m: Merchant } {
  for (const corp of host.registry.corps.values()) {
    const m = corp.domains.mchpay.merchants.get(mch_id);
    if (m) return { corp, m };
  }
  throw new AdminError(404, 'merchant_not_found', `no merchant ${JSON.stringify(mch_id)}; GET /__mock/mchpay/merchants lists them`);
}

/** Issues the merchant's API certificate once (ca.ts loads node-forge, so only when a certificate is wanted). */
async function ensureCert(host: MockHost, m: Merchant): Promise<void> {
  if (m.certPem) return;
  const { issueClientCert } = await import('../../net/ca.js');
  const c = issueClientCert(m.mch_id, m.mch_id, host.caDir);
  m.certPem = c.certPem;
  m.keyPem = c.keyPem;
  m.p12Base64 = c.p12Base64;
  m.certFingerprint = c.fingerprint256;
  m.caPem = c.caCertPem;
}

function view(corp: Corp, m: Merchant, withCert: boolean): Record<string, unknown> {
  return {
    mch_id: m.mch_id,
    key: m.key,
    corpid: corp.corpid,
    agentid: m.agentid,
    balance: m.balance,
    workwx_secret: corp.areas.get('mchpay')?.secret ?? '',
    redpacks: m.redpacks.size,
    transfers: m.transfers.size,
    ...(m.certFingerprint && { cert_fingerprint: m.certFingerprint }),
    ...(withCert && m.certPem && { cert: { cert_pem: m.certPem, key_pem: m.keyPem, p12_base64: m.p12Base64, ca_pem: m.caPem } }),
  };
}

export function mchpayAdmin(host: MockHost): AdminRoutes {
  return {
    mock_mchpay_merchants_list: () => ({
      body: { merchants: [...host.registry.corps.values()].flatMap((corp) => [...corp.domains.mchpay.merchants.values()].map((m) => view(corp, m, false))) },
    }),

    mock_mchpay_merchants_create: async ({ body }) => {
      const corp = corpOf(host.registry, body['corpid']);
      const ids = newMerchantIds(corp.rng);
      const mch_id = typeof body['mch_id'] === 'string' ? body['mch_id'] : ids.mch_id;
      for (const c of host.registry.corps.values()) {
        if (c.domains.mchpay.merchants.has(mch_id)) throw new AdminError(409, 'merchant_exists', `merchant ${mch_id} exists already (corp ${c.corpid})`);
      }
      const app = body['agentid'] === undefined ? [...corp.apps.values()][0] : appOf(corp, body['agentid']);
      if (!app) throw new AdminError(400, 'no_app', `corp ${corp.corpid} has no app to pay from`);
      const m = corp.domains.mchpay.add({
        mch_id,
        key: typeof body['key'] === 'string' ? body['key'] : ids.key,
        agentid: app.agentid,
        balance: typeof body['balance'] === 'number' ? body['balance'] : 0,
      });
      if (body['cert'] === true) await ensureCert(host, m);
      return created(view(corp, m, body['cert'] === true));
    },

    mock_mchpay_merchants_get: async ({ params, query }) => {
      const { corp, m } = find(host, params['mch_id'] ?? '');
      if (query['cert'] === '1') await ensureCert(host, m);
      return { body: view(corp, m, query['cert'] === '1') };
    },

    mock_mchpay_merchants_update: ({ params, body }) => {
      const { corp, m } = find(host, params['mch_id'] ?? '');
      if (typeof body['balance'] === 'number') m.balance = body['balance'];
      if (body['agentid'] !== undefined) m.agentid = appOf(corp, body['agentid']).agentid;
      return { body: view(corp, m, false) };
    },

    mock_mchpay_redpack_receive: ({ params }) => {
      const { corp, m } = find(host, params['mch_id'] ?? '');
      const r = m.redpacks.get(params['mch_billno'] ?? '');
      if (!r) throw new AdminError(404, 'redpack_not_found', `merchant ${m.mch_id} sent no red packet ${JSON.stringify(params['mch_billno'])}`);
      const now = Math.floor(corp.clock.nowMs() / 1000);
      settleRedpack(m, r, now);
      if (r.status === 'REFUND') throw new AdminError(409, 'redpack_refunded', 'the red packet was left unopened for 24 h and went back to the merchant');
      if (r.status === 'SENT') {
        r.status = 'RECEIVED';
        r.rcvAtSec = now;
      }
      return { body: { mch_billno: r.mch_billno, status: r.status, rcv_time: chinaTime(r.rcvAtSec!) } };
    },
  };
}
