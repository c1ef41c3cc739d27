/**
 * 企业支付 on WeChat Pay's host (api.mch.weixin.qq.com): enterprise red packets and payments to members, for the
 * corp whose 企业支付 app (the `mchpay` area's system secret signs `workwx_sign`) pays through a merchant.
 */
import { Rng } from '../../core/runtime/rng.js';
import type { Domain } from '../types.js';
import { MchpayState, seedMchpay } from './state.js';
import { mchpayRoutes } from './routes.js';
import { mchpayAdmin } from './admin.js';
export { MchpayState, type Merchant } from './state.js';

/** 企业支付 — merchants, balances, red packets, payments to members. */
export const mchpayDomain: Domain<'mchpay', MchpayState> = {
  name: 'mchpay',
  areas: ['mchpay'],
  state: (seed, corp) => seedMchpay(new Rng(`${corp.seed}:${seed.corpid}:mchpay`), corp.scenario === 'empty' ? undefined : seed.apps[0]?.agentid),
  routes: mchpayRoutes,
  mount: (host) => ({ admin: mchpayAdmin(host) }),
  credentials: (corp) => ({
    mchpay: {
      workwx_secret: corp.areas.get('mchpay')?.secret ?? '',
      merchants: [...corp.domains.mchpay.merchants.values()].map((m) => ({ mch_id: m.mch_id, key: m.key, agentid: m.agentid, balance: m.balance })),
    },
  }),
};
