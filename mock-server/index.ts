/**
 * Library entry of wecom-mock.
 *
 *   const mock = await startMockServer();           // demo corp, random port on 127.0.0.1
 *   fetch(`${mock.url}/cgi-bin/gettoken?corpid=${mock.corp.corpid}&corpsecret=${mock.corp.apps[0].secret}`)
 *   await mock.close();
 */
import type { Server } from 'node:http';
import { createApp, DEMO_CORP_ID, type AppOptions, type MockApp } from './app.js';

export { createApp, DEMO_CORP_ID, type AppOptions, type MockApp } from './app.js';
export type { CorpCredentials } from './credentials.js';
import type { CorpCredentials } from './credentials.js';

export interface StartOptions extends AppOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
}

export interface RunningMock {
  /** Base URL to give a WeCom client instead of https://qyapi.weixin.qq.com. */
  url: string;
  /** Credentials of the demo corp (undefined with demoCorp: false). */
  corp: CorpCredentials;
  app: MockApp;
  server: Server;
  close(): Promise<void>;
}

/** Starts the mock on a port and resolves once it accepts requests. */
export async function startMockServer(options: StartOptions = {}): Promise<RunningMock> {
  const app = createApp(options);
  const { server, url } = await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url,
    corp: (app.demoCorp ? app.credentials(app.demoCorp) : undefined) as CorpCredentials,
    app,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        app.scheduler.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const DEMO_CORPID = DEMO_CORP_ID;
