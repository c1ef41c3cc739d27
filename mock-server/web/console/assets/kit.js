// The console's small kit: DOM building without innerHTML (every value is text), the control-plane client
// and the shared state. Plain browser module, no build step (served by mock-server/web/console/pages.ts).

const TOKEN_KEY = 'wecom-mock-admin-token';

/**
 * The start banner's console link may carry the admin token in the URL fragment (never sent to a server);
 * it is kept for the tab's session and removed from the address bar. Called at load and on hash changes.
 */
export function captureToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}
captureToken();

export function adminToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setAdminToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** h('tag.class#id', {attrs, on: {click}}, ...children): an element; strings become text nodes. */
export function h(spec, attrs = {}, ...children) {
  const [, tag, rest] = /^([a-z0-9]+)(.*)$/.exec(spec) ?? [null, 'div', ''];
  const el = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Pretty JSON in a <pre>. */
export function json(value, attrs = {}) {
  return h('pre.json', attrs, JSON.stringify(value, null, 2));
}

/** A table from rows: columns = [[title, row => cell]]. */
export function table(columns, rows, attrs = {}) {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, columns.map(([t]) => h('th', {}, t)))),
    h('tbody', {}, rows.map((r) => h('tr', typeof attrs.rowAttrs === 'function' ? attrs.rowAttrs(r) : {}, columns.map(([, f]) => h('td', {}, f(r)))))),
  );
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * A control-plane request. Same origin, JSON bodies with Content-Type application/json (what the
 * control plane's CSRF guard asks of state-changing requests) and the admin token when one is set.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = adminToken();
  if (token) headers['X-WeCom-Mock-Admin-Token'] = token;
  // The control plane refuses a state-changing request without a JSON body type (its CSRF guard): send {} at least.
  if (body === undefined && method !== 'GET' && method !== 'DELETE') body = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { error: { message: text } };
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** Mock-clock milliseconds (or unix seconds) as a local time. */
export function when(ms) {
  if (typeof ms !== 'number') return '';
  const d = new Date(ms < 1e12 ? ms * 1000 : ms);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A form's fields as an object (empty strings left out; type=number → numbers). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.value === '') continue;
    out[el.name] = el.type === 'number' ? Number(el.value) : el.value;
  }
  return out;
}

/**
 * A form that stays on the page: its submit calls `onSubmit` with the fields (formValues) instead of
 * navigating. h()'s spec and attrs, then the children.
 */
export function submitForm(spec, attrs, onSubmit, ...children) {
  const form = h(
    spec,
    {
      ...attrs,
      on: {
        submit: (ev) => {
          ev.preventDefault();
          return onSubmit(formValues(form));
        },
      },
    },
    ...children,
  );
  return form;
}

/** The shared state: the corp the pages show. */
export const state = {
  // `?corpid=` in the console's URL (a link to one corp's pages) wins over the last corp chosen here.
  corpid: new URLSearchParams(location.search).get('corpid') ?? localStorage.getItem('wecom-mock-corpid') ?? '',
  corps: [],
  setCorp(corpid) {
    this.corpid = corpid;
    localStorage.setItem('wecom-mock-corpid', corpid);
    if (location.search) history.replaceState(null, '', location.pathname + location.hash);
  },
};
