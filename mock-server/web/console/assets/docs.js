// The API docs page: the bundled spec rendered by Redoc (served from the installed package), a "try it"
// form that sends requests to this mock (its own origin), and the searchable errcode catalogue.
import { adminToken, api, fill, h, json, qs, submitForm, table } from './kit.js';

const root = document.getElementById('app');
const TABS = [
  ['reference', 'Reference'],
  ['try', 'Try it'],
  ['errcodes', 'Errcodes'],
];
const nav = h('nav.tabs', {});
const main = h('main#page', {});
fill(root, h('header', {}, h('h1', {}, 'wecom-mock ', h('span.sub', {}, 'API docs')), nav, h('a.docs', { href: '/__mock/console' }, 'Console')), main);

let specPromise;
/** The bundled spec with this mock as its server, so the reference shows the URL to call. */
function spec() {
  specPromise ??= api('GET', '/__mock/openapi.json').then((doc) => ({ ...doc, servers: [{ url: location.origin, description: 'this wecom-mock' }] }));
  return specPromise;
}

function tagsOf(doc) {
  const used = new Set();
  for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) if (op && op.tags) used.add(op.tags[0]);
  return (doc.tags ?? []).filter((t) => used.has(t.name));
}

/** The spec cut to one tag (all components kept): Redoc renders 600 operations slowly, one area quickly. */
function onlyTag(doc, tag) {
  if (!tag) return doc;
  const paths = {};
  for (const [p, item] of Object.entries(doc.paths)) {
    const ops = Object.entries(item).filter(([, op]) => op && op.tags && op.tags[0] === tag);
    if (ops.length) paths[p] = Object.fromEntries([...Object.entries(item).filter(([k]) => k === 'parameters'), ...ops]);
  }
  return { ...doc, paths, tags: (doc.tags ?? []).filter((t) => t.name === tag), webhooks: tag === 'webhooks' ? doc.webhooks : undefined, 'x-tagGroups': undefined };
}

async function reference(el) {
  const doc = await spec();
  const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('tag') ?? 'tokens';
  const select = h(
    'select#reference-tag',
    { on: { change: () => (location.hash = `#reference?tag=${encodeURIComponent(select.value)}`) } },
    h('option', { value: '' }, 'every area (slow to render)'),
    tagsOf(doc).map((t) => h('option', { value: t.name, selected: t.name === wanted }, `${t.name}${t.description ? ` — ${t.description.split('\n')[0].slice(0, 60)}` : ''}`)),
  );
  const container = h('div#redoc-container', {});
  fill(el, h('p.row', {}, h('label', {}, 'Area ', select), ' ', h('span.muted', {}, `server: ${location.origin}`)), container);
  if (!window.Redoc) {
    fill(container, h('p.bad', {}, 'Redoc did not load (/__mock/docs/redoc.standalone.js).'));
    return;
  }
  window.Redoc.init(onlyTag(doc, wanted), { hideDownloadButton: true, expandResponses: '200', jsonSampleExpandLevel: 2, theme: { sidebar: { width: '260px' } } }, container);
}

/** An example request body of an operation, from the spec's examples, or {}. */
function exampleBody(op) {
  const media = op.requestBody?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  if (first?.value !== undefined) return first.value;
  return media.schema?.example ?? {};
}

async function tryIt(el) {
  const doc = await spec();
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op || op['x-wecom-page']) continue;
      ops.push({ path, method, op, params: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => (p.$ref ? resolve(doc, p.$ref) : p)) });
    }
  }
  ops.sort((a, b) => (a.op.tags?.[0] ?? '').localeCompare(b.op.tags?.[0] ?? '') || a.path.localeCompare(b.path));
  const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('op') ?? 'gettoken';
  const select = h(
    'select#try-op',
    { on: { change: () => (location.hash = `#try?op=${encodeURIComponent(select.value)}`) } },
    ops.map((o) => h('option', { value: o.op.operationId, selected: o.op.operationId === wanted }, `${o.op.tags?.[0] ?? ''} · ${o.method.toUpperCase()} ${o.path} — ${o.op.summary ?? ''}`)),
  );
  const chosen = ops.find((o) => o.op.operationId === wanted) ?? ops[0];
  const inputs = new Map();
  const fields = [];
  for (const p of chosen.params) {
    if (p.in !== 'query' && p.in !== 'path') continue;
    const input = h('input', { name: p.name, 'data-in': p.in, placeholder: p.schema?.type ?? '', size: 40 });
    inputs.set(p.name, input);
    fields.push(h('label', { for: `p-${p.name}` }, `${p.name}${p.required ? ' *' : ''} (${p.in})`), Object.assign(input, { id: `p-${p.name}` }));
  }
  const needsToken = (chosen.op.security ?? doc.security ?? []).some((s) => 'accessToken' in s);
  if (needsToken && !inputs.has('access_token')) {
    const input = h('input#p-access_token', { name: 'access_token', 'data-in': 'query', size: 40 });
    inputs.set('access_token', input);
    fields.unshift(h('label', { for: 'p-access_token' }, 'access_token * (query)'), input);
  }
  const example = exampleBody(chosen.op);
  const body = example === undefined ? null : h('textarea#try-body', {}, JSON.stringify(example, null, 2));
  const answer = h('div#try-answer', {});
  const send = async () => {
    let path = chosen.path;
    const query = {};
    for (const [name, input] of inputs) {
      if (input.dataset.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(input.value));
      else if (input.value !== '') query[name] = input.value;
    }
    const headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    if (path.startsWith('/__mock/') && adminToken()) headers['X-WeCom-Mock-Admin-Token'] = adminToken();
    const started = performance.now();
    const res = await fetch(`${location.origin}${path}${qs(query)}`, { method: chosen.method.toUpperCase(), headers, body: body ? body.value : undefined });
    const text = await res.text();
    let shown;
    try {
      shown = JSON.parse(text);
    } catch {
      shown = text;
    }
    fill(answer, h('p', {}, h('strong#try-status', {}, `HTTP ${res.status}`), ` in ${Math.round(performance.now() - started)} ms · ${chosen.method.toUpperCase()} ${path}${qs(query)}`), json(shown, { id: 'try-result' }));
  };
  // A token for the chosen corp's first app: gettoken with its secret, as a client would.
  const tokenHelper = needsToken
    ? h(
        'button.secondary#try-fill-token',
        {
          type: 'button',
          on: {
            click: async () => {
              const { corps } = await api('GET', '/__mock/corps');
              const corp = corps.find((c) => c.corpid === localStorage.getItem('wecom-mock-corpid')) ?? corps[0];
              const r = await (await fetch(`/cgi-bin/gettoken${qs({ corpid: corp.corpid, corpsecret: corp.apps[0].secret })}`)).json();
              inputs.get('access_token').value = r.access_token ?? '';
            },
          },
        },
        'Get a token (gettoken with the corp’s first app)',
      )
    : null;
  fill(
    el,
    h('p', {}, h('label', {}, 'Operation ', select)),
    submitForm(
      'form#try-it',
      {},
      () => void send(),
      h('p.muted', {}, chosen.op.summary ?? '', ' — requests go to this mock: ', h('code', {}, location.origin)),
      h('div.grid', {}, fields),
      tokenHelper,
      body ? [h('h4', {}, 'Body (JSON)'), body] : null,
      h('p', {}, h('button#try-send', { type: 'submit' }, `Send ${chosen.method.toUpperCase()}`)),
    ),
    answer,
  );
}

function resolve(doc, ref) {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

async function errcodes(el) {
  const input = h('input#errcode-search', { type: 'search', placeholder: 'code, NAME, errmsg or 中文', size: 40 });
  const results = h('div#errcode-results', {});
  let timer;
  const search = async () => {
    const { errcodes: list } = await api('GET', `/__mock/errcodes${qs({ q: input.value.trim() })}`);
    fill(
      results,
      h('p.muted', {}, `${list.length} errcodes`),
      table(
        [
          ['errcode', (e) => h('code', {}, e.errcode)],
          ['NAME', (e) => e.name],
          ['errmsg', (e) => e.errmsg],
          ['说明', (e) => e.zh],
          ['doc', (e) => h('a', { href: e.doc, target: '_blank', rel: 'noopener noreferrer' }, 'query')],
        ],
        list.slice(0, 300),
        { id: 'errcode-table', rowAttrs: (e) => ({ 'data-errcode': e.errcode }) },
      ),
    );
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), 150);
  });
  fill(el, h('h2', {}, 'Errcode catalogue'), h('p.muted', {}, 'The codes the mock answers with (spec/errcodes.yaml); errmsgs carry WeCom\u2019s hint suffix.'), input, results);
  await search();
}

async function route() {
  const name = location.hash.replace(/^#/, '').split('?')[0] || 'reference';
  fill(
    nav,
    TABS.map(([n, title]) => h(`a${n === name ? '.active' : ''}`, { href: `#${n}`, 'data-tab': n }, title)),
  );
  fill(main, h('p.muted', {}, 'Loading…'));
  try {
    await ({ reference, try: tryIt, errcodes }[name] ?? reference)(main);
  } catch (e) {
    fill(main, h('p.bad', {}, e.message ?? String(e)));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
