/** Shared setup of the customer-contact suites: a corp with a customer-contact token and an app token. */
import { expect } from 'vitest';
import type { Target, TestCorp } from '../../harness/target.js';
import { call, getToken } from '../../harness/client.js';

export interface EcCorp {
  corp: TestCorp;
  /** Token of the 客户联系 secret. */
  cc: string;
  /** Token of the corp's first app (a callable app by default). */
  app: string;
  userid: string;
  /** A customer adds a member (simulation); answers the corp's external_userid and the WelcomeCode. */
  addCustomer(body?: Record<string, unknown>): Promise<{ customer_id: string; external_userid: string; welcome_code: string | null; userid: string }>;
  advance(seconds: number): Promise<void>;
}

export async function ecCorp(target: Target): Promise<EcCorp> {
  const corp = await target.newCorp();
  const cc = await getToken(target, corp.corpid, corp.raw!.secrets.customer_contact);
  const app = await getToken(target, corp.corpid, corp.appSecret);
  const userid = corp.raw!.sample_userids![0]!;
  // The demo corp's members have customers (fixtures/factories/customers.ts): this one's are deleted (as the
  // member deleting them would), so each test counts the customers it adds itself.
  const own = await call(target, 'externalcontact_list', { unchecked: true, token: cc, query: { userid } });
  for (const external_userid of (own.json?.['external_userid'] as string[] | undefined) ?? []) {
    const r = await target.admin('POST', '/__mock/simulate/customer-changes', { corpid: corp.corpid, change: 'del_external_contact', userid, external_userid });
    expect(r.status).toBe(201);
  }
  return {
    corp,
    cc,
    app,
    userid,
    addCustomer: async (body = {}) => {
      const r = await target.admin<{ customer_id: string; external_userid: string; welcome_code: string | null; userid: string }>(
        'POST',
        '/__mock/simulate/customer-adds',
        { corpid: corp.corpid, ...(body['config_id'] === undefined && { userid }), ...body },
      );
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json;
    },
    advance: async (seconds) => {
      const r = await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: seconds });
      expect(r.status).toBe(200);
    },
  };
}
