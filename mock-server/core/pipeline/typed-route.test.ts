/**
 * Route maps typed per operationId. The `@ts-expect-error` lines are the type-level half of this test:
 * `npm run typecheck` fails if one of them compiles (a misspelled key, answer field or query field that
 * slips through). Each bad case has a map of its own, since one error in a map hides the others.
 */
import { describe, expect, it } from 'vitest';
import { JsonFields, RawResponse } from './envelope.js';
import { publicRoute, routesOf, type AnswerOf, type BodyOf, type QueryOf } from './typed-route.js';

interface State {
  counter: number;
}
const define = routesOf<State>();

const good = define({
  user_get: (ctx) => ({ userid: ctx.query.userid, name: 'n', department: [1] }),
  user_list_id: (ctx) => {
    const limit: number | undefined = ctx.body.limit;
    return limit === 1 ? new JsonFields('{"next_cursor":"","dept_user":[]}') : { next_cursor: '', dept_user: [{ userid: 'u', department: 1 }] };
  },
  user_delete: async () => ({}),
  media_get: () => new RawResponse(200, {}, Buffer.from('bytes')),
  department_list: () => ({ department: [{ id: 1, parentid: 0, order: 0, name: 'root' }] }),
  gettoken: publicRoute((ctx) => ({ access_token: ctx.query.corpid, expires_in: 7200 })),
});

// ---- keys ----
// @ts-expect-error a key that is no operationId
define({ user_gett: () => ({}) });

// ---- answer fields ----
define({
  // @ts-expect-error a misspelled answer field
  user_get: () => ({ userid: 'u', nmae: 'n' }),
});
define({
  // @ts-expect-error an answer field of the wrong type
  user_get: () => ({ userid: 1 }),
});
define({
  // @ts-expect-error a misspelled field inside an answer's array
  department_list: () => ({ department: [{ id: 1, parentid: 0, order: 0, nmae: 'root' }] }),
});
define({
  // @ts-expect-error a misspelled field in one branch of an async handler
  user_list_id: async (ctx) => (ctx.body.cursor ? { next_cursor: '', dept_user: [] } : { next_cursr: '' }),
});
define({
  // @ts-expect-error JSON fields for an operation whose success answer is bytes
  media_get: () => ({ media: 'x' }),
});
define({
  // @ts-expect-error a public route's answer is checked too
  gettoken: publicRoute(() => ({ access_token: 't', expires: 7200 })),
});

// ---- query and body ----
define({
  user_get: (ctx) => {
    // @ts-expect-error a query parameter the operation does not have
    void ctx.query.user_id;
    return {};
  },
  user_list_id: (ctx) => {
    // @ts-expect-error the body's limit is a number
    const limit: string | undefined = ctx.body.limit;
    void limit;
    return { next_cursor: '', dept_user: [] };
  },
  gettoken: publicRoute((ctx) => {
    // @ts-expect-error a public route's query is typed by its key
    void ctx.query.corp_id;
    return {};
  }),
});

// The aliases a domain uses name the same types.
const query: QueryOf<'user_get'> = { userid: 'u' };
const body: BodyOf<'user_list_id'> = { cursor: 'c', limit: 2 };
// @ts-expect-error an operation without a body gets an empty one
const noBody: BodyOf<'user_get'> = { userid: 'u' };
const answer: AnswerOf<'user_list_id'> = { next_cursor: '' };
// @ts-expect-error errcode and errmsg are the envelope's, not the handler's
const withErrcode: AnswerOf<'user_list_id'> = { errcode: 0 };

describe('typed route maps', () => {
  it('When a map is built, then it is the map given, and publicRoute marks handlers without a token', async () => {
    expect(Object.keys(good)).toEqual(['user_get', 'user_list_id', 'user_delete', 'media_get', 'department_list', 'gettoken']);
    expect(good.gettoken.public).toBe(true);
    expect(typeof good.gettoken.handle).toBe('function');
    expect(typeof good.user_get).toBe('function');
    expect(await good.user_delete()).toEqual({});
    expect([query, body, noBody, answer, withErrcode]).toHaveLength(5);
  });
});
