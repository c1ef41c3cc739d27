#!/usr/bin/env node
// A customer sidebar (聊天工具栏) under development against wecom-mock: this backend serves sidebar.html with the
// JS-SDK script taken from the mock, and signs wx.config / wx.agentConfig with the mock's tickets, exactly as it
// would with WeCom's (doc path/94313: the same sha1 for both, over the corp ticket or the app's agent_config ticket).
//
//   npx wecom-mock &                                         # the demo corp ww000000000000000a
//   WECOM_MOCK=http://127.0.0.1:8080 CORPID=… SECRET=… AGENTID=… node examples/jssdk/sidebar.mjs
//
// Open it on the app's trusted domain (app.example.test in the demo corp: map it to 127.0.0.1, or change the app's
// trusted_domain with PATCH /__mock/corps/{corpid}/apps/{agentid}); ?sdk=ww uses @wecom/jssdk's `ww` instead of `wx`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const HTML = readFileSync(new URL('./sidebar.html', import.meta.url), 'utf8');
const SCRIPTS = { wx: '/wwopen/js/jwxwork-1.0.0.js', ww: '/node/open/js/wecom-jssdk-2.0.2.js' };

/** Starts the sidebar's backend; resolves to its URL and a close function. */
export async function startSidebar({ mock, corpid, secret, agentid, port = 0, host = '127.0.0.1' }) {
  const get = async (path) => {
    const r = await (await fetch(`${mock}${path}`)).json();
    if (r.errcode !== 0) throw new Error(`${path.split('?')[0]}: ${r.errcode} ${r.errmsg}`);
    return r;
  };
  // A real backend caches the token and both tickets for their expires_in; this one asks each time.
  const sign = async (url) => {
    const { access_token: token } = await get(`/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${encodeURIComponent(secret)}`);
    const corpTicket = (await get(`/cgi-bin/get_jsapi_ticket?access_token=${token}`)).ticket;
    const appTicket = (await get(`/cgi-bin/ticket/get?access_token=${token}&type=agent_config`)).ticket;
    const timestamp = Math.floor(Date.now() / 1000);
    const part = (ticket, nonceStr) => ({
      timestamp,
      nonceStr,
      signature: createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex'),
    });
    return { corpid, agentid, config: part(corpTicket, 'cfg' + timestamp), agentConfig: part(appTicket, 'agt' + timestamp) };
  };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://sidebar');
    if (u.pathname === '/sign') {
      sign((u.searchParams.get('url') ?? '').split('#')[0]).then(
        (s) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(s)),
        (e) => res.writeHead(502, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: String(e) })),
      );
      return;
    }
    if (u.pathname !== '/') return void res.writeHead(404).end();
    const sdk = u.searchParams.get('sdk') === 'ww' ? 'ww' : 'wx';
    const html = HTML.replaceAll('%SDK_URL%', `${mock}${SCRIPTS[sdk]}`).replaceAll('%SDK%', sdk);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address();
  return { url: `http://${host}:${bound}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  const s = await startSidebar({
    mock: env.WECOM_MOCK ?? 'http://127.0.0.1:8080',
    corpid: env.CORPID ?? 'ww000000000000000a',
    secret: env.SECRET ?? '',
    agentid: Number(env.AGENTID ?? 1000002),
    port: Number(env.PORT ?? 3000),
  });
  console.log(`sidebar backend on ${s.url}; open it on the app's trusted domain (see the README, JS-SDK stand-in)`);
}
