/**
 * The browser side of the JS-SDK stand-in: the source of the script the mock serves at WeCom's script URLs.
 * It defines `wx` (jweixin / jwxwork: config, ready, error, agentConfig, invoke) and `ww` (@wecom/jssdk:
 * register and promise-style calls, doc path/98560) and answers every call by posting it to the mock's
 * `/wwopen/js/wecom-mock/invoke` — where the WeCom client would answer through its native bridge.
 *
 * {@link standIn} runs in the page, not in Node: it is serialised with Function.prototype.toString, so it
 * must use nothing from its module (no imports, no helpers outside its body).
 */

/**
 * The script text: the stand-in applied to the page's window. It calls `bridgePath` on the origin it was
 * loaded from (document.currentScript), else on `fallbackOrigin`.
 */
export function jssdkScript(bridgePath: string, fallbackOrigin: string): string {
  const args = [JSON.stringify(bridgePath), JSON.stringify(fallbackOrigin)].join(', ');
  return `/* wecom-mock JS-SDK stand-in (not WeCom's SDK): answers from the mock at ${bridgePath} */\n(${standIn.toString()})(window, ${args});\n`;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- browser globals, without the DOM library in this project's types. */
type Any = any;
type Callbacks = { success?: (r: Any) => void; fail?: (r: Any) => void; complete?: (r: Any) => void; cancel?: (r: Any) => void };

/** Runs in the browser. */
function standIn(g: Any, bridgePath: string, fallbackOrigin: string): void {
  if (g.wx && g.wx.__wecomMock) return;
  const script = g.document && g.document.currentScript;
  const bridge: string = new URL(bridgePath, script && script.src ? script.src : fallbackOrigin).href;
  const st: {
    corpid: string | undefined;
    config: Any;
    agentConfig: Any;
    ready: boolean;
    readyFns: Array<() => void>;
    errorFns: Array<(r: Any) => void>;
    registration: Any;
    registered: Promise<void> | undefined;
  } = { corpid: undefined, config: undefined, agentConfig: undefined, ready: false, readyFns: [], errorFns: [], registration: undefined, registered: undefined };

  const isOk = (r: Any): boolean => typeof r.errMsg === 'string' && /:ok$/.test(r.errMsg);
  const failure = (api: string, why: string): Any => ({ errMsg: `${api}:fail ${why}`, err_msg: `${api}:fail ${why}`, errCode: -1 });
  const plain = (p: Any): Any => {
    const out: Any = {};
    for (const k of Object.keys(p || {})) if (typeof p[k] !== 'function') out[k] = p[k];
    return out;
  };

  // One call to the mock; the answer is what the page's callback receives.
  const call = (api: string, args?: Any): Promise<Any> =>
    g
      .fetch(bridge, {
        method: 'POST',
        // text/plain keeps it a simple cross-origin request (no preflight); the body is JSON.
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({
          corpid: st.corpid,
          url: g.location.href,
          api,
          args: plain(args),
          config: st.config,
          agentConfig: st.agentConfig,
          user_agent: g.wecomMockUserAgent,
        }),
      })
      .then((r: Any) => r.json())
      .then(
        (j: Any) => (j && j.error ? failure(api, j.error.message) : j),
        (e: Any) => failure(api, String(e)),
      );
  const settle = (r: Any, o: Callbacks | undefined): void => {
    if (!o) return;
    if (isOk(r)) o.success?.(r);
    else o.fail?.(r);
    o.complete?.(r);
  };
  const signed = (o: Any): Any => ({ timestamp: o.timestamp, nonceStr: o.nonceStr, signature: o.signature });

  const wx: Any = {
    __wecomMock: true,
    config(o: Any): void {
      st.corpid = o.appId;
      st.config = signed(o);
      void call('config', { jsApiList: o.jsApiList }).then((r) => {
        if (isOk(r)) {
          st.ready = true;
          for (const f of st.readyFns.splice(0)) f();
        } else {
          st.config = undefined;
          for (const f of st.errorFns) f(r);
        }
      });
    },
    ready(fn: () => void): void {
      if (st.ready) fn();
      else st.readyFns.push(fn);
    },
    error(fn: (r: Any) => void): void {
      st.errorFns.push(fn);
    },
    agentConfig(o: Any): void {
      st.corpid = st.corpid || o.corpid;
      st.agentConfig = { agentid: Number(o.agentid), ...signed(o) };
      void call('agentConfig', { jsApiList: o.jsApiList }).then((r) => {
        if (!isOk(r)) st.agentConfig = undefined;
        settle(r, o);
      });
    },
    invoke(name: string, args: Any, cb?: (r: Any) => void): void {
      void call(name, args).then((r) => cb && cb(r));
    },
  };
  for (const name of ['getCurExternalContact', 'getCurExternalChat', 'selectEnterpriseContact', 'openUserProfile', 'sendChatMessage']) {
    wx[name] = (p: Any) => void call(name, p).then((r) => settle(r, p));
  }

  // ww.register: config / agentConfig are signed lazily, before the first call (as @wecom/jssdk does).
  const registered = (): Promise<void> => {
    const o = st.registration;
    if (!o) return Promise.resolve();
    if (!st.registered) {
      st.registered = (async () => {
        const url = String(g.location.href).split('#')[0];
        st.corpid = o.corpId;
        if (o.getConfigSignature) {
          st.config = signed(await o.getConfigSignature(url));
          const r = await call('config', { jsApiList: o.jsApiList });
          if (!isOk(r)) st.config = undefined;
          settle(r, { success: o.onConfigSuccess, fail: o.onConfigFail, complete: o.onConfigComplete });
        }
        if (o.agentId !== undefined && o.getAgentConfigSignature) {
          st.agentConfig = { agentid: Number(o.agentId), ...signed(await o.getAgentConfigSignature(url)) };
          const r = await call('agentConfig', { jsApiList: o.jsApiList });
          if (!isOk(r)) st.agentConfig = undefined;
          settle(r, { success: o.onAgentConfigSuccess, fail: o.onAgentConfigFail, complete: o.onAgentConfigComplete });
        }
      })();
    }
    return st.registered;
  };
  const ww: Any = {
    __wecomMock: true,
    SDK_VERSION: '2.0.2',
    register(o: Any): void {
      st.registration = o;
      st.registered = undefined;
    },
  };
  for (const name of ['getCurExternalContact', 'getCurExternalChat', 'selectEnterpriseContact', 'openUserProfile', 'sendChatMessage']) {
    ww[name] = (p?: Any) =>
      registered()
        .then(() => call(name, p))
        .then((r: Any) => {
          settle(r, p);
          if (isOk(r)) return r;
          throw r;
        });
  }
  g.wx = wx;
  g.jWeixin = wx;
  g.ww = ww;
}
