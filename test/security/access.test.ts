/**
 * Who may do what, on the real service over loopback: every endpoint × {no key, wrong key,
 * another district's key, a revoked key, the coordinator's key, the district's own key} with
 * the status a real product must give, and what each answer may and may not contain. Then the
 * limiter on repeated wrong keys (429), the security headers, and no internals in any error.
 *
 * The rules the table states: a district key reads and writes its own district only; the
 * coordinator reads every district and downloads the master but writes no district's rows;
 * the master and the status page are the coordinator's alone; a missing, wrong or revoked key
 * is 401 everywhere under /api (even for paths that do not exist, so nothing is learnt
 * without a key); /healthz needs no key.
 */
import { randomUUID } from 'node:crypto';
import { databasePath } from '../../server/main';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { PERIOD, XLSX_TYPE, validRow } from '../support/hostile-corpus';
import { refusalProblem, send, type Answer } from '../support/hostile-http';
import { smallReturn } from '../support/hostile-workbooks';
import { startService, type TestService } from '../support/service';

type Who = 'none' | 'bad' | 'other' | 'revoked' | 'coordinator' | 'own';
const WHO: readonly Who[] = ['none', 'bad', 'other', 'revoked', 'coordinator', 'own'];

interface Endpoint {
  name: string;
  request: () => { method: 'GET' | 'POST'; path: string; contentType?: string; body?: Buffer | string };
  expect: Record<Who, number>;
}

let service: TestService;
let keys: Record<Exclude<Who, 'none'>, string | undefined>;
/** A row HBBC (the "own" district) has stored; "other" is NWLDC. */
const hbbcRow = randomUUID();

const syncBody = () => JSON.stringify({ period: PERIOD, batchId: `table-${randomUUID()}`, changes: [{ id: randomUUID(), baseVersion: 0, row: validRow() }] });
const DENIED = { none: 401, bad: 401, revoked: 401 } as const;

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /healthz', request: () => ({ method: 'GET', path: '/healthz' }), expect: { none: 200, bad: 200, revoked: 200, other: 200, coordinator: 200, own: 200 } },
  { name: 'GET /api/v1/config', request: () => ({ method: 'GET', path: '/api/v1/config' }), expect: { ...DENIED, other: 200, coordinator: 200, own: 200 } },
  {
    name: 'POST /api/v1/sync (writes the caller\'s own district)',
    request: () => ({ method: 'POST', path: '/api/v1/sync', contentType: 'application/json', body: syncBody() }),
    expect: { ...DENIED, other: 200, coordinator: 403, own: 200 },
  },
  {
    name: 'GET /api/v1/rows?district=HBBC',
    request: () => ({ method: 'GET', path: `/api/v1/rows?period=${PERIOD}&district=HBBC` }),
    expect: { ...DENIED, other: 403, coordinator: 200, own: 200 },
  },
  {
    name: 'GET /api/v1/rows (the caller\'s rows)',
    request: () => ({ method: 'GET', path: `/api/v1/rows?period=${PERIOD}` }),
    expect: { ...DENIED, other: 200, coordinator: 200, own: 200 },
  },
  {
    name: 'GET /api/v1/rows/:id/history?district=HBBC',
    request: () => ({ method: 'GET', path: `/api/v1/rows/${hbbcRow}/history?period=${PERIOD}&district=HBBC` }),
    expect: { ...DENIED, other: 403, coordinator: 200, own: 200 },
  },
  {
    name: 'GET /api/v1/rows/:id/history (an HBBC row id)',
    request: () => ({ method: 'GET', path: `/api/v1/rows/${hbbcRow}/history?period=${PERIOD}` }),
    // Another district asking by id finds nothing in its own rows: 404, not a hint that HBBC has it.
    expect: { ...DENIED, other: 404, coordinator: 200, own: 200 },
  },
  {
    name: 'POST /api/v1/returns?dryRun=1 (the caller\'s own district)',
    request: () => ({ method: 'POST', path: `/api/v1/returns?period=${PERIOD}&dryRun=1`, contentType: XLSX_TYPE, body: smallReturn() }),
    expect: { ...DENIED, other: 200, coordinator: 403, own: 200 },
  },
  {
    name: 'GET /api/v1/master.xlsx',
    request: () => ({ method: 'GET', path: `/api/v1/master.xlsx?period=${PERIOD}` }),
    expect: { ...DENIED, other: 403, coordinator: 200, own: 403 },
  },
  {
    name: 'GET /api/v1/master/status',
    request: () => ({ method: 'GET', path: `/api/v1/master/status?period=${PERIOD}` }),
    expect: { ...DENIED, other: 403, coordinator: 200, own: 403 },
  },
  {
    name: 'GET /api/v1/no-such-route',
    request: () => ({ method: 'GET', path: '/api/v1/no-such-route' }),
    expect: { ...DENIED, other: 404, coordinator: 404, own: 404 },
  },
];

beforeAll(async () => {
  // The table sends many wrong keys on purpose; the limiter has its own test below.
  service = await startService({ failureLimit: { maxFailures: 100_000, windowMs: 60_000 } });
  const own = service.createKey('HBBC');
  const revoked = service.createKey('HBBC');
  const id = revoked.split('_')[1] as string;
  const store = openSqliteStore({ file: databasePath(service.dataDir) });
  try {
    expect(store.revokeKey(id, new Date().toISOString())).toBe(true);
  } finally {
    store.close();
  }
  // Right id, wrong secret: the strongest guess, one that knows a real key's public half.
  const bad = `${own.slice(0, own.lastIndexOf('_') + 1)}${'A'.repeat(43)}`;
  keys = { own, revoked, bad, other: service.createKey('NWLDC'), coordinator: service.createKey('coordinator') };
  const seed = await send(service.url, '/api/v1/sync', {
    method: 'POST',
    key: own,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ period: PERIOD, batchId: 'seed-hbbc-0001', changes: [{ id: hbbcRow, baseVersion: 0, row: { ...validRow(), action: 'HBBC private action' } }] }),
  });
  expect(seed.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await service?.close();
});

async function call(endpoint: Endpoint, who: Who): Promise<Answer> {
  const r = endpoint.request();
  const headers: Record<string, string> = {};
  if (r.contentType) headers['content-type'] = r.contentType;
  return send(service.url, r.path, { method: r.method, key: who === 'none' ? undefined : keys[who], headers, body: r.body });
}

test('the access table: every endpoint × every kind of caller gets the status the rules give', async () => {
  const wrong: string[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const who of WHO) {
      const answer = await call(endpoint, who);
      if (answer.status !== endpoint.expect[who]) wrong.push(`${endpoint.name} as ${who}: expected ${endpoint.expect[who]}, got ${answer.status} ${answer.text.slice(0, 160)}`);
      if (answer.status >= 400) {
        const problem = refusalProblem(answer);
        if (problem) wrong.push(`${endpoint.name} as ${who}: ${problem}`);
      }
      // Whatever the status, another district's answer never carries HBBC's text.
      if (who === 'other' && answer.text.includes('HBBC private action')) wrong.push(`${endpoint.name}: NWLDC's key saw HBBC's row`);
    }
  }
  expect(wrong).toEqual([]);
}, 60_000);

test('401s say what to do; 403s say whose key is needed', async () => {
  const missing = await send(service.url, `/api/v1/rows?period=${PERIOD}`);
  expect((missing.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'missing-key', message: expect.stringMatching(/Authorization: Bearer/) });
  const revoked = await send(service.url, `/api/v1/rows?period=${PERIOD}`, { key: keys.revoked });
  expect((revoked.json as { error: { message: string } }).error.message).toMatch(/revoked/);
  const master = await send(service.url, `/api/v1/master.xlsx?period=${PERIOD}`, { key: keys.own });
  expect((master.json as { error: { message: string } }).error.message).toMatch(/coordinator/);
  const write = await send(service.url, '/api/v1/sync', { method: 'POST', key: keys.coordinator, headers: { 'content-type': 'application/json' }, body: syncBody() });
  expect((write.json as { error: { message: string } }).error.message).toMatch(/district key/);
});

test("what other keys did never touched HBBC's rows; the coordinator reads every district", async () => {
  const all = await send(service.url, `/api/v1/rows?period=${PERIOD}`, { key: keys.coordinator });
  const rows = (all.json as { rows: { id: string; district: string; row: { action: string } }[] }).rows;
  expect(new Set(rows.map((r) => r.district))).toEqual(new Set(['HBBC', 'NWLDC']));
  const hbbc = await send(service.url, `/api/v1/rows/${hbbcRow}/history?period=${PERIOD}&district=HBBC`, { key: keys.coordinator });
  const history = (hbbc.json as { history: { who: string; after: { action: string } | null }[] }).history;
  // One entry, written by HBBC's own key: nothing NWLDC, the coordinator or a revoked key sent reached it.
  expect(history).toHaveLength(1);
  expect(history[0]?.who).toBe(keys.own?.split('_')[1]);
  expect(history[0]?.after?.action).toBe('HBBC private action');
  const nwldc = await send(service.url, `/api/v1/rows?period=${PERIOD}`, { key: keys.other });
  expect((nwldc.json as { rows: { district: string }[] }).rows.every((r) => r.district === 'NWLDC')).toBe(true);
});

test('security headers on pages, JSON answers, errors and the download', async () => {
  const answers = [
    await send(service.url, '/healthz'),
    await send(service.url, `/api/v1/rows?period=${PERIOD}`, { key: keys.own }),
    await send(service.url, `/api/v1/rows?period=${PERIOD}`),
    await send(service.url, '/no-such-page'),
    await send(service.url, `/api/v1/master.xlsx?period=${PERIOD}`, { key: keys.coordinator }),
  ];
  for (const answer of answers) {
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors /);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  }
  const download = answers[4] as Answer;
  expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"/\\]+\.xlsx"$/);
  expect(download.headers.get('cache-control')).toBe('no-store');
});

describe('repeated wrong keys from one address (the service\'s default limit)', () => {
  let limited: TestService;
  beforeAll(async () => {
    limited = await startService();
  });
  afterAll(async () => {
    await limited?.close();
  });

  test('missing keys are not guesses and are never slowed', async () => {
    for (let i = 0; i < 30; i++) expect((await send(limited.url, `/api/v1/rows?period=${PERIOD}`)).status).toBe(401);
    const key = limited.createKey('HBBC');
    expect((await send(limited.url, `/api/v1/rows?period=${PERIOD}`, { key })).status).toBe(200);
  });

  test('after 20 wrong keys the address gets 429 with Retry-After for wrong keys, never for a good one; health still answers', async () => {
    const good = limited.createKey('HBBC');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await send(limited.url, `/api/v1/rows?period=${PERIOD}`, { key: `dr_0123456789ab_${'x'.repeat(43)}` })).status);
    expect(statuses).toEqual(Array(20).fill(401));
    const blocked = await send(limited.url, `/api/v1/rows?period=${PERIOD}`, { key: `dr_0123456789ab_${'y'.repeat(43)}` });
    expect(blocked.status).toBe(429);
    expect(refusalProblem(blocked)).toBeNull();
    expect((blocked.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'too-many-failed-keys', message: expect.stringMatching(/Try again in \d+ s/) });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // A valid key is never refused for others' guesses (they may share this address).
    expect((await send(limited.url, `/api/v1/rows?period=${PERIOD}`, { key: good })).status).toBe(200);
    expect((await send(limited.url, '/healthz')).status).toBe(200);
  });
});
