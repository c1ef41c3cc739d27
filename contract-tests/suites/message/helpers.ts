/** Shared setup of the messaging suites: a fresh corp, its app token and a few members in range. */
import type { Target, TestCorp } from '../../harness/target.js';
import { appCorp, call, getToken, type WeComAnswer } from '../../harness/client.js';

export interface MessageCorp {
  corp: TestCorp;
  readonly token: string;
  agentid: number;
  /** Active members inside the app's visible range. */
  users: string[];
  /** message/send with the app's agentid and current token. */
  send(body: Record<string, unknown>): Promise<WeComAnswer>;
  inbox(userid: string): Promise<Array<Record<string, unknown>>>;
  advance(seconds: number): Promise<void>;
  upload(type: 'image' | 'voice' | 'video' | 'file', data: Buffer, filename?: string): Promise<string>;
}

export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), Buffer.alloc(64, 1)]);

export async function messageCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<MessageCorp> {
  const { corp, token: first, users } = await appCorp(target, options);
  let token = first;
  return {
    corp,
    get token() {
      return token;
    },
    agentid: corp.agentid,
    users,
    send: (body) => call(target, 'message_send', { token, body: { agentid: corp.agentid, ...body } }),
    inbox: async (userid) => {
      const r = await target.admin<{ messages: Array<Record<string, unknown>> }>('GET', `/__mock/inbox?corpid=${corp.corpid}&userid=${encodeURIComponent(userid)}`);
      return r.json.messages;
    },
    advance: async (seconds) => {
      await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: seconds });
      // Tokens live 2 hours: a long jump needs a fresh one.
      token = await getToken(target, corp.corpid, corp.appSecret);
    },
    upload: async (type, data, filename = 'a.jpg') => {
      const form = new FormData();
      form.append('media', new Blob([data]), filename);
      const r = await call(target, 'media_upload', { token, query: { type }, body: form });
      if (!r.json?.media_id) throw new Error(`upload failed: ${r.text}`);
      return r.json.media_id;
    },
  };
}
