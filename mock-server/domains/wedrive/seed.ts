/**
 * Demo 微盘 of typical and large corps: one space of the first app ("公司资料") with folders, small text
 * files and a document, its members drawn from the corp's members; 专业版 with 10 VIP seats, two of them
 * given. Drawn from an Rng of its own so other domains' seeded output stays byte-identical.
 */
import { createHash } from 'node:crypto';
import type { CorpSeed } from '../../../fixtures/types.js';
import { chinaDayStart, DAY_SECONDS } from '../../core/runtime/china-day.js';
import { Rng } from '../../core/runtime/rng.js';
import type { CorpBase } from '../../core/tenancy/manifest.js';
import type { DomainStates } from '../types.js';
import { docUrl, newEntry, newFileid } from './files.js';
import { newSpace, newSpaceid } from './routes.js';
import type { Entry, FileType, WedriveState } from './state.js';

const DAY_MS = 86_400_000;

export function seedWedrive(state: WedriveState, seed: CorpSeed, corp: CorpBase<DomainStates>): void {
  if (corp.scenario === 'empty') return;
  const rng = new Rng(`${corp.seed}:${seed.corpid}:wedrive`);
  const ids = { rng, corp };
  const now = corp.clock.nowMs();
  const users = seed.users.map((u) => u.userid);
  const app = seed.apps[0];
  if (!app) return;
  // A year from the (China) day the corp was made: a date, as WeCom's licences end on, so two corps made from
  // the same seed a second apart answer the same.
  state.pro = { isPro: true, totalVip: 10, expireS: chinaDayStart(Math.floor(now / 1000)) + 365 * DAY_SECONDS };
  for (const u of users.slice(0, 2)) state.vip.add(u);

  const members = [
    ...users.slice(0, 1).map((userid) => ({ type: 1 as const, userid, auth: 7 })),
    ...users.slice(1, 4).map((userid) => ({ type: 1 as const, userid, auth: 1 })),
    { type: 2 as const, departmentid: 1, auth: 1 },
  ];
  const space = newSpace(newSpaceid(ids, state), '公司资料', app.agentid, members);
  state.addSpace(space);

  const at = (daysAgo: number): number => now - daysAgo * DAY_MS - rng.int(3_600_000);
  const add = (fatherid: string, name: string, type: FileType, daysAgo: number, text?: string): Entry => {
    const fileid = newFileid(ids, state, space.spaceid);
    const t = at(daysAgo);
    let blob;
    if (text !== undefined) {
      const data = Buffer.from(text, 'utf8');
      blob = state.store.inline(data, createHash('sha1').update(data).digest('hex'), createHash('md5').update(data).digest('hex'));
      space.used += data.length;
    }
    const e = newEntry({ fileid, spaceid: space.spaceid, fatherid, name, type, ctimeMs: t, mtimeMs: t, ...(blob && { blob }), ...(type > 2 && { url: docUrl(type, fileid) }) }, space, t);
    state.addEntry(e);
    return e;
  };
  const rules = add(space.spaceid, '规章制度', 1, 30);
  const projects = add(space.spaceid, '项目资料', 1, 20);
  add(space.spaceid, '欢迎使用微盘.txt', 2, 30, '这里是公司的共享空间：制度、项目资料和模板都放在这里。\n');
  add(rules.fileid, '员工手册.txt', 2, 29, `员工手册\n第一章 总则\n${'本手册适用于公司全体员工。\n'.repeat(4)}`);
  add(rules.fileid, '报销流程.md', 2, 12, '# 报销流程\n1. 提交审批\n2. 财务复核\n3. 打款\n');
  const kickoff = rng.int(28) + 1;
  add(projects.fileid, `项目启动会纪要-${kickoff}.txt`, 2, 10, `会议纪要\n日期：第${kickoff}天\n参会：${users.slice(0, 3).join('、')}\n`);
  add(projects.fileid, '周报模板', 3, 5);
  add(projects.fileid, '项目进度表', 4, 3);
}
