// The wecom-mock web console: a hash-routed page per part of the mock, each drawn from the documented
// control plane (`/__mock/*`, spec tag mock-admin) and nothing else.
import { ApiError, adminToken, api, captureToken, fill, h, json, qs, setAdminToken, state, submitForm, table, when } from './kit.js';
import { archivePage, callbacksPage, customersPage, directoryPage, inboxPage, journalPage } from './pages.js';

const PAGES = [
  ['corps', 'Corps', corpsPage],
  ['directory', 'Directory', directoryPage],
  ['journal', 'Journal', journalPage],
  ['callbacks', 'Callbacks', callbacksPage],
  ['inbox', 'Inbox', inboxPage],
  ['customers', 'Customer contact', customersPage],
  ['archive', 'Archive', archivePage],
  ['faults', 'Faults', faultsPage],
  ['clock', 'Clock', clockPage],
];

const root = document.getElementById('app');
const nav = h('nav.tabs', {});
const corpSelect = h('select#corp-select', {
  title: 'The corp the pages show',
  on: {
    change: () => {
      state.setCorp(corpSelect.value);
      void route();
    },
  },
});
const status = h('div#status', { role: 'status' });
const main = h('main#page', {});
fill(
  root,
  h(
    'header',
    {},
    h('h1', {}, 'wecom-mock ', h('span.sub', {}, 'console')),
    nav,
    h('label.corp', {}, 'Corp ', corpSelect),
  ),
  status,
  main,
);

/** Every page stops its timers when another one is shown. */
let stopPage = () => {};

export function notify(text, kind = 'ok') {
  fill(status, text);
  status.className = text ? kind : '';
}

async function loadCorps() {
  const { corps } = await api('GET', '/__mock/corps');
  state.corps = corps;
  // The corp of a `?corpid=` link becomes the chosen one (kept for the next visit); a deleted one falls back to the first.
  state.setCorp(corps.some((c) => c.corpid === state.corpid) ? state.corpid : (corps[0]?.corpid ?? ''));
  fill(
    corpSelect,
    corps.map((c) => h('option', { value: c.corpid, selected: c.corpid === state.corpid }, `${c.corp_name} (${c.corpid})`)),
  );
}

async function route() {
  stopPage();
  stopPage = () => {};
  const name = location.hash.replace(/^#\/?/, '').split('?')[0] || 'corps';
  const page = PAGES.find(([n]) => n === name) ?? PAGES[0];
  fill(
    nav,
    PAGES.map(([n, title]) => h(`a${n === page[0] ? '.active' : ''}`, { href: `#/${n}`, 'data-page': n }, title)),
    h('a.docs', { href: '/__mock/docs', target: '_blank', rel: 'noopener' }, 'API docs ↗'),
  );
  fill(main, h('p.muted', {}, 'Loading…'));
  try {
    await loadCorps();
    const stop = await page[2](main);
    if (typeof stop === 'function') stopPage = stop;
  } catch (e) {
    showError(e);
  }
}

export function showError(e) {
  if (e instanceof ApiError && e.status === 401) {
    // The mock was started with an admin token: ask for it (kept in this tab's session only).
    const input = h('input#admin-token', { type: 'password', placeholder: 'admin token', value: adminToken() });
    fill(
      main,
      h('h2', {}, 'Admin token required'),
      h('p', {}, 'This mock was started with an admin token (printed at start-up). Enter it to use the console.'),
      submitForm(
        'form',
        {},
        () => {
          setAdminToken(input.value.trim());
          void route();
        },
        input,
        ' ',
        h('button', { type: 'submit' }, 'Use token'),
      ),
    );
    return;
  }
  notify(e instanceof Error ? e.message : String(e), 'error');
}

/** Runs an action, reporting its error in the status line; returns its result or undefined. */
export async function act(f, done) {
  try {
    const out = await f();
    if (done) notify(done);
    return out;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

window.addEventListener('hashchange', () => {
  // A page the person went to starts without the last page's message.
  notify('');
  captureToken();
  void route();
});
export const rerender = () => route();
void route();

// ---- corps ----

async function corpsPage(el) {
  const shown = h('div#credentials', {});
  const form = submitForm(
    'form#create-corp.row',
    {},
    async (body) => {
      const corp = await act(() => api('POST', '/__mock/corps', body), 'corp created');
      if (corp) {
        state.setCorp(corp.corpid);
        await route();
      }
    },
    h('input', { name: 'corp_name', placeholder: 'corp name (optional)' }),
    h('select', { name: 'scenario' }, ['typical', 'empty', 'large'].map((s) => h('option', { value: s }, s))),
    h('input', { name: 'seed', type: 'number', placeholder: 'seed (optional)', min: 0 }),
    h('button', { type: 'submit' }, 'Create corp'),
  );
  const showCredentials = (c) => {
    fill(shown, h('h3', {}, `Credentials of ${c.corpid}`), json(c, { id: 'credentials-json' }));
  };
  const copy = async (c) => {
    showCredentials(c);
    try {
      await navigator.clipboard.writeText(JSON.stringify(c, null, 2));
      notify(`credentials of ${c.corpid} copied`);
    } catch {
      // No clipboard permission (a plain-http page other than localhost): select the text to copy by hand.
      getSelection()?.selectAllChildren(document.getElementById('credentials-json'));
      notify(`credentials of ${c.corpid} shown below (selected: copy with Ctrl+C)`);
    }
  };
  fill(
    el,
    h('h2', {}, 'Corps'),
    form,
    table(
      [
        ['corpid', (c) => h('code', {}, c.corpid)],
        ['name', (c) => c.corp_name],
        ['scenario', (c) => `${c.scenario} · seed ${c.seed}`],
        ['directory', (c) => (c.counts ? `${c.counts.departments} departments · ${c.counts.users} members · ${c.counts.tags} tags` : '')],
        ['apps', (c) => c.apps.map((a) => `${a.name} (${a.agentid})`).join(', ')],
        [
          '',
          (c) =>
            h(
              'span.actions',
              {},
              h('button.secondary', { 'data-action': 'select', on: { click: () => (state.setCorp(c.corpid), route()) } }, c.corpid === state.corpid ? 'Selected' : 'Select'),
              h('button.secondary', { 'data-action': 'copy', on: { click: () => copy(c) } }, 'Copy credentials'),
              h(
                'button.secondary',
                { 'data-action': 'reset', on: { click: async () => (await act(() => api('POST', `/__mock/corps/${encodeURIComponent(c.corpid)}/reset`), `${c.corpid} reset`)) && route() } },
                'Reset',
              ),
              h(
                'button.danger',
                { 'data-action': 'delete', on: { click: async () => (await act(() => api('DELETE', `/__mock/corps/${encodeURIComponent(c.corpid)}`), `${c.corpid} deleted`)) && route() } },
                'Delete',
              ),
            ),
        ],
      ],
      state.corps,
      { id: 'corps', rowAttrs: (c) => ({ 'data-corpid': c.corpid }) },
    ),
    shown,
  );
}

// ---- faults ----

async function faultsPage(el) {
  const { faults } = await api('GET', '/__mock/faults');
  const form = submitForm(
    'form#add-fault.row',
    {},
    async (body) => {
      if (body.corpid === '*') delete body.corpid;
      if (await act(() => api('POST', '/__mock/faults', body), 'fault added')) await route();
    },
    h('select', { name: 'corpid' }, h('option', { value: state.corpid }, `this corp (${state.corpid})`), h('option', { value: '*' }, 'every corp')),
    h('input', { name: 'operation', placeholder: 'operation (operationId or path)', size: 28 }),
    h('input', { name: 'errcode', type: 'number', placeholder: 'errcode, e.g. 45009' }),
    h('input', { name: 'latency_ms', type: 'number', placeholder: 'latency ms', min: 0 }),
    h('input', { name: 'count', type: 'number', placeholder: 'times (empty = always)', min: 1 }),
    h('button', { type: 'submit' }, 'Add fault'),
  );
  fill(
    el,
    h('h2', {}, 'Fault rules'),
    h('p.muted', {}, 'Matching requests get the errcode (or the latency) before authentication; a rule with a count ends after that many requests.'),
    form,
    faults.length === 0
      ? h('p#no-faults.muted', {}, 'No fault rules.')
      : table(
          [
            ['id', (f) => h('code', {}, f.id)],
            ['corp', (f) => f.corpid ?? 'every corp'],
            ['operation', (f) => f.operation ?? 'every operation'],
            ['effect', (f) => [f.errcode !== undefined && `errcode ${f.errcode}`, f.latency_ms !== undefined && `+${f.latency_ms} ms`, f.drop && 'drop', f.expire_token && 'expire token'].filter(Boolean).join(', ')],
            ['left', (f) => f.count ?? '∞'],
            ['', (f) => h('button.danger', { 'data-action': 'remove', on: { click: async () => (await act(() => api('DELETE', `/__mock/faults/${encodeURIComponent(f.id)}`), 'fault removed')) && route() } }, 'Remove')],
          ],
          faults,
          { id: 'faults', rowAttrs: (f) => ({ 'data-fault': f.id }) },
        ),
  );
}

// ---- clock ----

async function clockPage(el) {
  const global = await api('GET', '/__mock/clock');
  const corp = state.corpid ? await api('GET', `/__mock/clock${qs({ corpid: state.corpid })}`) : undefined;
  const advance = (corpid) =>
    submitForm(
      'form.row',
      { 'data-clock': corpid ?? 'global' },
      async ({ seconds }) => {
        if (await act(() => api('POST', '/__mock/clock', { ...(corpid && { corpid }), advance_seconds: seconds }), `clock advanced by ${seconds} s`)) await route();
      },
      h('input', { name: 'seconds', type: 'number', min: 1, value: 7200, required: true }),
      ' seconds ',
      h('button', { type: 'submit' }, 'Advance'),
    );
  const view = (c, id) => h(`dl#${id}`, {}, h('dt', {}, 'now'), h('dd.now', {}, c.now), h('dt', {}, 'offset'), h('dd.offset', {}, `${c.offset_seconds} s`));
  fill(
    el,
    h('h2', {}, 'Clock'),
    h('p.muted', {}, 'Moving the clock forward expires tokens (7,200 s), codes, media and jobs, and runs the work that falls due.'),
    h('h3', {}, 'The mock (every corp)'),
    view(global, 'clock-global'),
    advance(undefined),
    corp && [h('h3', {}, `Corp ${state.corpid}`), view(corp, 'clock-corp'), advance(state.corpid)],
  );
}

export { when };
