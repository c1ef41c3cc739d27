/** Shared setup of the messaging suites: a fresh corp, its app token and a few members in range. */
import type { Target, TestCorp } from '../../harness/target.js';
import { call, getToken, type WeComAnswer } from '../../harness/client.js';

export interface MessageCorp {
  corp: TestCorp;
  readonly token: string;
  agentid: number;
  /** Active members inside the app's visible range. */
  users: string[];
  post(path: string, body: unknown, token?: string): Promise<WeComAnswer>;
  get(path: string, query: Record<string, string | number | undefined>): Promise<WeComAnswer>;
  send(body: Record<string, unknown>): Promise<WeComAnswer>;
  inbox(userid: string): Promise<Array<Record<string, unknown>>>;
  advance(seconds: number): Promise<void>;
  upload(type: string, data: Buffer, filename?: string): Promise<string>;
}

export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), Buffer.alloc(64, 1)]);

export async function messageCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<MessageCorp> {
  const corp = await target.newCorp(options);
  const base = target.baseUrl;
  let token = await getToken(base, corp.corpid, corp.appSecret);
  const users = (corp.raw?.sample_userids ?? []) as string[];
  const post = (path: string, body: unknown, t = token) => call(base, `/cgi-bin/${path}`, { query: { access_token: t }, body });
  return {
    corp,
    get token() {
      return token;
    },
    agentid: corp.agentid,
    users,
    post,
    get: (path, query) => call(base, `/cgi-bin/${path}`, { query: { access_token: token, ...query } }),
    send: (body) => post('message/send', { agentid: corp.agentid, ...body }),
    inbox: async (userid) => {
      const r = await target.admin<{ messages: Array<Record<string, unknown>> }>('GET', `/__mock/inbox?corpid=${corp.corpid}&userid=${encodeURIComponent(userid)}`);
      return r.json.messages;
    },
    advance: async (seconds) => {
      await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: seconds });
      // Tokens live 2 hours: a long jump needs a fresh one.
      token = await getToken(base, corp.corpid, corp.appSecret);
    },
    upload: async (type, data, filename = 'a.jpg') => {
      const form = new FormData();
      form.append('media', new Blob([data]), filename);
      const r = await fetch(`${base}/cgi-bin/media/upload?access_token=${token}&type=${type}`, { method: 'POST', body: form });
      const j = (await r.json()) as { media_id?: string; errcode: number };
      if (!j.media_id) throw new Error(`upload failed: ${JSON.stringify(j)}`);
      return j.media_id;
    },
  };
}
