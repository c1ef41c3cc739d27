/**
 * The two published specs: `/__mock/openapi.json` (everything) and `/__mock/openapi.wecom.json` (WeCom's
 * surface only), so a client generated from the second carries no control-plane method.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';

const target = await suiteTarget();

interface Doc {
  openapi: string;
  paths: Record<string, unknown>;
  tags?: Array<{ name: string }>;
}

describe.skipIf(!target.isMock)('published specs', () => {
  it('When the WeCom-only spec is fetched, then it has every WeCom path and none of the mock own', async () => {
    const whole = await target.admin<Doc>('GET', '/__mock/openapi.json');
    const wecom = await target.admin<Doc>('GET', '/__mock/openapi.wecom.json');
    expect(whole.status).toBe(200);
    expect(wecom.status).toBe(200);
    const mockOwn = (p: string) => p.startsWith('/__mock/') || p.startsWith('/__files/');
    expect(Object.keys(whole.json.paths).some(mockOwn)).toBe(true);
    expect(Object.keys(wecom.json.paths).filter(mockOwn)).toEqual([]);
    expect(Object.keys(wecom.json.paths).sort()).toEqual(Object.keys(whole.json.paths).filter((p) => !mockOwn(p)).sort());
    expect(wecom.json.tags?.map((t) => t.name)).not.toContain('mock-admin');
  });

  it('When a client is generated from the WeCom-only spec with openapi-typescript, then it has no /__mock method', async () => {
    const wecom = await target.admin<Doc>('GET', '/__mock/openapi.wecom.json');
    const types = astToString(await openapiTS(wecom.json as never));
    expect(types).toContain('"/cgi-bin/user/get"');
    // No path key of the mock's own (descriptions may still mention the control plane in prose).
    expect(types.match(/^\s*"\/__(mock|files)\/[^"]*":/gm) ?? []).toEqual([]);
    expect(types.match(/^\s*mock_\w+: \{/gm) ?? []).toEqual([]);
  });
});
