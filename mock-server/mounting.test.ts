/**
 * Mounting the mock in a Node app, as users do: `app.use(mock.handle)` behind Express's body parsers, under a
 * path prefix, driven by supertest; and on a bare node:http server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from './index.js';

function mock() {
  const app = createApp({ seed: 3 });
  const corp = app.demoCorp!;
  return { app, corpid: corp.corpid, contacts: corp.secrets.contacts };
}

describe('mounting createApp().handle', () => {
  it('When Express parsed the JSON body first (express.json()), then POSTs are answered from req.body with the same checks', async () => {
    const { app, corpid, contacts } = mock();
    const web = express();
    web.use(express.json());
    web.use(app.handle);
    const token = (await request(web).get('/cgi-bin/gettoken').query({ corpid, corpsecret: contacts }).expect(200)).body.access_token as string;
    const page = await request(web).post(`/cgi-bin/user/list_id?access_token=${token}`).send({ limit: 2 }).expect(200);
    expect(page.body.errcode).toBe(0);
    expect(page.body.dept_user).toHaveLength(2);
    // The same validation as an unparsed body: a wrong type is WeCom's errcode, not a hang.
    const bad = await request(web).post(`/cgi-bin/user/list_id?access_token=${token}`).send({ limit: 'two' }).expect(200);
    expect(bad.body.errcode).not.toBe(0);
    expect(typeof bad.body.errmsg).toBe('string');
  });

  it('When mounted under a prefix behind express.text() and express.raw(), then the WeCom paths answer below it', async () => {
    const { app, corpid, contacts } = mock();
    const web = express();
    web.use(express.text({ type: 'text/plain' }));
    web.use(express.raw({ type: 'application/octet-stream' }));
    web.use('/wecom', app.handle);
    const token = (await request(web).get('/wecom/cgi-bin/gettoken').query({ corpid, corpsecret: contacts }).expect(200)).body.access_token as string;
    const text = await request(web).post(`/wecom/cgi-bin/user/list_id?access_token=${token}`).set('content-type', 'text/plain').send('{"limit":1}').expect(200);
    expect(text.body).toMatchObject({ errcode: 0 });
    const raw = await request(web).post(`/wecom/cgi-bin/user/list_id?access_token=${token}`).set('content-type', 'application/octet-stream').send(Buffer.from('{broken')).expect(200);
    expect(raw.body.errcode).toBe(47001);
    await request(web).get('/cgi-bin/gettoken').expect(404);
  });

  it('When mounted on a bare node:http server, then it answers as the CLI does', async () => {
    const { app, corpid, contacts } = mock();
    const server = createServer(app.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const t = (await (await fetch(`${base}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${contacts}`)).json()) as { errcode: number };
      expect(t.errcode).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
