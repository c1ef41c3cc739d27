// The console's pages over a corp's state: directory, journal, callbacks, inbox, customer contact, archive.
import { api, fill, formValues, h, json, qs, state, submitForm, table, when } from './kit.js';
import { act, notify, rerender } from './console.js';

const corpPath = () => `/__mock/corps/${encodeURIComponent(state.corpid)}`;

function needCorp(el) {
  if (state.corpid) return false;
  fill(el, h('p.muted', {}, 'No corp: create one on the Corps page.'));
  return true;
}

// ---- directory ----

export async function directoryPage(el) {
  if (needCorp(el)) return;
  const department = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('department') ?? 1);
  const tree = h('div.tree#departments', {});
  const members = h('div#members', {});
  const editor = h('div#member-editor', {});
  const dir = await api('GET', `${corpPath()}/directory${qs({ department, limit: 500 })}`);
  const children = new Map();
  for (const d of dir.departments) {
    if (!children.has(d.parentid)) children.set(d.parentid, []);
    children.get(d.parentid).push(d);
  }
  for (const list of children.values()) list.sort((a, b) => b.order - a.order || a.id - b.id);
  const ids = new Set(dir.departments.map((d) => d.id));
  const branch = (d) =>
    h(
      'li',
      {},
      h(`a${d.id === department ? '.active' : ''}`, { href: `#/directory?department=${d.id}`, 'data-department': d.id }, `${d.name} (${d.id})`),
      children.get(d.id)?.length ? h('ul', {}, children.get(d.id).map(branch)) : null,
    );
  fill(
    tree,
    h('ul', {}, h('li', {}, h(`a${department === 0 ? '.active' : ''}`, { href: '#/directory?department=0', 'data-department': 0 }, 'All members')), dir.departments.filter((d) => !ids.has(d.parentid)).map(branch)),
  );

  const edit = (m) => {
    const form = submitForm(
      'form#edit-member',
      {},
      async (values) => {
        const body = {};
        for (const k of ['name', 'alias', 'position', 'mobile', 'email']) if (values[k] !== undefined && values[k] !== (m[k] ?? '')) body[k] = values[k];
        if (Object.keys(body).length === 0) return notify('nothing changed');
        const out = await act(() => api('PATCH', `${corpPath()}/members/${encodeURIComponent(m.userid)}`, body));
        if (!out) return;
        notify(out.event ? `saved: event ${out.event.ChangeType} (seq ${out.seq}) sent to the corp's callbacks` : 'saved (nothing changed)');
        fill(editor, h('h3', {}, `Saved ${m.userid}`), out.event ? json(out.event, { id: 'member-event' }) : null);
      },
      h('h3', {}, `Edit ${m.userid}`),
      ['name', 'alias', 'position', 'mobile', 'email'].map((k) => h('label', {}, k, h('input', { name: k, value: m[k] ?? '' }))),
      h('button', { type: 'submit' }, 'Save'),
      h('p.muted', {}, 'Saved through the same write path as user/update: the same checks and the same change_contact event.'),
    );
    fill(editor, form);
  };
  fill(
    members,
    h('h3', {}, department === 0 ? `All members: ${dir.total}` : `Members of department ${department}: ${dir.total}`),
    table(
      [
        ['userid', (m) => h('code', {}, m.userid)],
        ['name', (m) => m.name],
        ['position', (m) => m.position ?? ''],
        ['departments', (m) => m.department.join(', ')],
        ['status', (m) => ({ 1: 'active', 2: 'disabled', 4: 'not activated', 5: 'quit' })[m.status] ?? m.status],
        ['', (m) => h('button.secondary', { 'data-action': 'edit', on: { click: () => edit(m) } }, 'Edit')],
      ],
      dir.members,
      { id: 'member-table', rowAttrs: (m) => ({ 'data-userid': m.userid }) },
    ),
  );
  fill(
    el,
    h('h2', {}, 'Directory'),
    h(
      'div.columns',
      {},
      h('section', {}, h('h3', {}, 'Departments'), tree, h('h3', {}, 'Tags'), table([['tag', (t) => `${t.tagname} (${t.tagid})`], ['members', (t) => t.users], ['departments', (t) => t.parties]], dir.tags, { id: 'tags' })),
      h('section.wide', {}, editor, members),
    ),
  );
}

// ---- journal ----

export async function journalPage(el) {
  const filters = submitForm(
    'form#journal-filters.row',
    {},
    () => restart(),
    h('select', { name: 'scope' }, h('option', { value: 'corp' }, `corp ${state.corpid || '(none)'}`), h('option', { value: 'none' }, 'requests no corp could be found for')),
    h('input', { name: 'operation', placeholder: 'operation (operationId or path)', size: 28 }),
    h('input', { name: 'errcode', type: 'number', placeholder: 'errcode' }),
    h('label', {}, h('input', { name: 'live', type: 'checkbox', checked: true }), ' live'),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const rows = h('tbody', {});
  const detail = h('div#journal-detail', {});
  let since = 0;
  let timer;
  const show = (e) => {
    const request = { method: e.method, path: e.path, query: e.query, ...(e.body !== undefined && { body: e.body }), ...(e.headers && { headers: e.headers }) };
    const answer = e.answer ?? (e.answer_bytes ? `[${e.answer_bytes} bytes, not kept]` : `[not JSON: HTTP ${e.status}]`);
    fill(
      detail,
      h('h3', {}, `#${e.seq} ${e.operation ?? e.path}`, e.leaks?.length ? h('span.bad', {}, ` credential leaked: ${e.leaks.join(', ')}`) : null),
      h('div.side', {}, h('section', {}, h('h4', {}, 'Request'), json(request, { id: 'journal-request' })), h('section', {}, h('h4', {}, 'Answer'), json(answer, { id: 'journal-answer' }))),
    );
  };
  const add = (entries) => {
    for (const e of entries) {
      since = Math.max(since, e.seq);
      const tr = h(
        `tr${e.errcode !== 0 ? '.err' : ''}`,
        { 'data-seq': e.seq, 'data-operation': e.operation ?? '', 'data-errcode': e.errcode, on: { click: () => show(e) } },
        h('td', {}, e.seq),
        h('td', {}, when(e.time)),
        h('td', {}, e.method),
        h('td', {}, e.operation ?? e.path),
        h('td.errcode', {}, e.errcode),
        h('td', {}, e.fault ?? ''),
        h('td', {}, `${e.duration_ms} ms`),
      );
      rows.prepend(tr);
    }
    while (rows.children.length > 500) rows.lastChild.remove();
  };
  const poll = async () => {
    const f = formValues(filters);
    const query = { ...(f.scope !== 'none' && { corpid: state.corpid }), operation: f.operation, errcode: f.errcode, since, limit: 200, answers: 'true' };
    try {
      add((await api('GET', `/__mock/journal${qs(query)}`)).entries);
    } catch (e) {
      notify(e.message, 'error');
    }
    if (filters.elements.live.checked) timer = setTimeout(poll, 1000);
  };
  const restart = () => {
    clearTimeout(timer);
    since = 0;
    rows.replaceChildren();
    void poll();
  };
  fill(
    el,
    h('h2', {}, 'Journal'),
    h('p.muted', {}, 'Every request the mock answered, newest first; secrets and tokens are redacted. Click a row for the request and the answer.'),
    filters,
    h('div.columns', {}, h('section', {}, h('table#journal', {}, h('thead', {}, h('tr', {}, ['seq', 'time', '', 'operation', 'errcode', 'fault', 'took'].map((t) => h('th', {}, t)))), rows)), h('section.wide', {}, detail)),
  );
  filters.elements.live.addEventListener('change', () => filters.elements.live.checked && (clearTimeout(timer), void poll()));
  await poll();
  return () => clearTimeout(timer);
}

// ---- callbacks ----

export async function callbacksPage(el) {
  if (needCorp(el)) return;
  const out = await api('GET', `/__mock/callbacks${qs({ corpid: state.corpid })}`);
  const detail = h('div#callback-detail', {});
  const show = (e) =>
    fill(
      detail,
      h('h3', {}, `${e.id} · ${e.event_type} → ${e.receiver.kind}${e.receiver.agentid ? ` ${e.receiver.agentid}` : ''}`),
      h(
        'p',
        {},
        h('button', { 'data-action': 'replay', on: { click: async () => (await act(() => api('POST', '/__mock/callbacks/replay', { corpid: state.corpid, id: e.id }), `${e.id} queued again`)) && rerender() } }, 'Replay'),
        ` ${e.receiver.url}`,
      ),
      table(
        [
          ['#', (a) => a.n],
          ['at', (a) => when(a.at)],
          ['outcome', (a) => a.outcome],
          ['HTTP', (a) => a.status ?? ''],
          ['took', (a) => `${a.duration_ms} ms`],
          ['error', (a) => a.error ?? ''],
        ],
        e.attempts,
        { id: 'callback-attempts' },
      ),
      h('h4', {}, 'Plaintext (before encryption)'),
      h('pre#callback-plaintext', {}, e.plaintext),
      e.reply ? [h('h4', {}, 'Reply'), json(e.reply)] : null,
    );
  fill(
    el,
    h('h2', {}, 'Callbacks outbox'),
    h('p.muted', {}, `${out.entries.length} callbacks. Each is one event to one receiver with up to 3 attempts; Replay sends the same plaintext again as a new entry.`),
    h(
      'div.columns',
      {},
      h(
        'section',
        {},
        table(
          [
            ['id', (e) => h('code', {}, e.id)],
            ['event', (e) => e.event_type],
            ['receiver', (e) => `${e.receiver.kind}${e.receiver.agentid ? ` ${e.receiver.agentid}` : ''}`],
            ['state', (e) => h(`span.${e.state}`, {}, e.state)],
            ['attempts', (e) => e.attempts.length],
          ],
          [...out.entries].reverse(),
          { id: 'callbacks', rowAttrs: (e) => ({ 'data-id': e.id, 'data-event': e.event_type, class: 'clickable', on: undefined }) },
        ),
      ),
      h('section.wide', {}, detail),
    ),
  );
  for (const tr of el.querySelectorAll('#callbacks tbody tr')) tr.addEventListener('click', () => show(out.entries.find((e) => e.id === tr.dataset.id)));
}

// ---- inbox ----

export async function inboxPage(el) {
  if (needCorp(el)) return;
  const dir = await api('GET', `${corpPath()}/directory${qs({ department: 0, limit: 1000 })}`);
  const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('userid') ?? dir.members[0]?.userid ?? '';
  const select = h(
    'select#inbox-user',
    { on: { change: () => (location.hash = `#/inbox?userid=${encodeURIComponent(select.value)}`) } },
    dir.members.map((m) => h('option', { value: m.userid, selected: m.userid === wanted }, `${m.name} (${m.userid})`)),
  );
  const list = wanted ? await api('GET', `/__mock/inbox${qs({ corpid: state.corpid, userid: wanted })}`) : { messages: [] };
  fill(
    el,
    h('h2', {}, 'Inbox'),
    h('p.muted', {}, 'What a member received from apps and app group chats, and what was dropped without an error (and why).'),
    h('label', {}, 'Member ', select),
    list.messages.length === 0
      ? h('p#inbox-empty.muted', {}, 'Nothing received.')
      : table(
          [
            ['time', (m) => when(m.time)],
            ['from', (m) => (m.source === 'app' ? `app ${m.agentid}` : m.source === 'appchat' ? `chat ${m.chatid}` : `bot ${m.aibotid}`)],
            ['type', (m) => m.msgtype],
            ['content', (m) => h('code', {}, JSON.stringify(m.content ?? {}).slice(0, 200))],
            ['delivered', (m) => (m.delivered ? (m.recalled ? 'recalled' : 'yes') : h('span.bad', {}, `dropped: ${m.dropped_reason}`))],
          ],
          [...list.messages].reverse(),
          { id: 'inbox', rowAttrs: (m) => ({ 'data-msgid': m.msgid, 'data-delivered': String(m.delivered) }) },
        ),
  );
}

// ---- customer contact ----

export async function customersPage(el) {
  if (needCorp(el)) return;
  const out = await api('GET', `${corpPath()}/customers${qs({ limit: 200 })}`);
  const corp = state.corps.find((c) => c.corpid === state.corpid);
  const form = submitForm(
    'form#simulate-add.row',
    {},
    async (values) => {
      const body = { corpid: state.corpid, ...values };
      const r = await act(() => api('POST', '/__mock/simulate/customer-adds', body));
      if (r) {
        notify(`customer ${r.customer_id ?? ''} added ${body.userid}: event sent (seq ${r.seq})`);
        await rerender();
      }
    },
    h('input', { name: 'name', placeholder: 'customer name', required: true }),
    ' adds member ',
    h('input', { name: 'userid', placeholder: 'userid', value: corp?.sample_userids?.[0] ?? '', required: true }),
    h('button', { type: 'submit' }, 'Simulate'),
  );
  fill(
    el,
    h('h2', {}, 'Customer contact'),
    h('h3', {}, 'A WeChat customer adds a member'),
    form,
    h('h3', {}, `Customers (${out.total_customers})`),
    table(
      [
        ['name', (c) => c.name],
        ['external_userid', (c) => h('code', {}, c.external_userid)],
        ['type', (c) => (c.type === 1 ? 'WeChat' : `WeCom · ${c.corp_name}`)],
        ['followed by', (c) => c.follow_users.map((f) => `${f.userid}${f.state ? ` (${f.state})` : ''}`).join(', ')],
      ],
      [...out.customers].reverse(),
      { id: 'customers', rowAttrs: (c) => ({ 'data-name': c.name }) },
    ),
    h('h3', {}, `Customer groups (${out.total_groupchats})`),
    table(
      [
        ['chat_id', (g) => h('code', {}, g.chat_id)],
        ['name', (g) => g.name],
        ['owner', (g) => g.owner],
        ['members', (g) => g.members],
        ['dismissed', (g) => (g.dismissed ? 'yes' : '')],
      ],
      out.groupchats,
      { id: 'groupchats' },
    ),
  );
}

// ---- archive ----

export async function archivePage(el) {
  if (needCorp(el)) return;
  const info = await api('GET', `${corpPath()}/archive`);
  const since = Math.max(0, info.last_seq - 50);
  const out = await api('GET', `${corpPath()}/archive/records${qs({ since, limit: 50 })}`);
  fill(
    el,
    h('h2', {}, 'Message archive (会话存档)'),
    h('p', {}, `Status ${info.status} · ${info.records} records (seq ${info.first_seq}–${info.last_seq}) · key versions ${info.key_versions.join(', ') || 'none'}`),
    h(
      'p',
      {},
      h(
        'button',
        { 'data-action': 'generate', on: { click: async () => (await act(() => api('POST', '/__mock/archive/generate', { corpid: state.corpid, count: 20 }), '20 records generated')) && rerender() } },
        'Generate 20 records',
      ),
    ),
    h('h3', {}, 'Latest records (decrypted)'),
    table(
      [
        ['seq', (r) => r.seq],
        ['time', (r) => when(r.message.msgtime)],
        ['from', (r) => r.message.from ?? ''],
        ['to', (r) => (r.message.tolist ?? []).join(', ') || r.message.roomid || ''],
        ['type', (r) => r.message.msgtype ?? r.message.action],
        ['content', (r) => h('code', {}, JSON.stringify(r.message[r.message.msgtype] ?? {}).slice(0, 160))],
      ],
      [...out.records].reverse(),
      { id: 'archive-records', rowAttrs: (r) => ({ 'data-seq': r.seq }) },
    ),
  );
}
