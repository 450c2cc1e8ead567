/**
 * The hostile corpus against the real service on loopback: every bad body, file and query
 * string is answered with its 4xx and a clear `{ error: { code, message, details } }`, the
 * service stays up, and the store — every row of every table, history and batch answers
 * included — is byte-for-byte what it was before.
 */
import { randomUUID } from 'node:crypto';
import {
  HOSTILE_DIR,
  PERIOD,
  largeHostileCases,
  readHostileFixtures,
  smallHostileFiles,
  validBatch,
  validRow,
  writeHostileFixtures,
  type HostileCase,
} from '../support/hostile-corpus';
import { isHealthy, refusalProblem, send, storeCounts, storeDigest } from '../support/hostile-http';
import { smallReturn } from '../support/hostile-workbooks';
import { startService, type TestService } from '../support/service';

let service: TestService;
/** Made once: the bombs among them take a moment to build. */
let generated: HostileCase[] | undefined;
const generatedCases = () => (generated ??= largeHostileCases());
let keys: { district: string; coordinator: string };

beforeAll(async () => {
  if (process.env.WRITE_HOSTILE_FIXTURES === '1') writeHostileFixtures();
  service = await startService();
  keys = { district: service.createKey('HBBC'), coordinator: service.createKey('coordinator') };
  // Something stored for two districts, by sync and by upload, so "unchanged" is not "still empty".
  const seed = await send(service.url, '/api/v1/sync', {
    method: 'POST',
    key: service.createKey('NWLDC'),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ period: PERIOD, batchId: 'seed-nwldc-1', changes: [{ id: randomUUID(), baseVersion: 0, row: validRow() }] }),
  });
  expect(seed.status).toBe(200);
  const upload = await send(service.url, `/api/v1/returns?period=${PERIOD}`, {
    method: 'POST',
    key: keys.district,
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: smallReturn(),
  });
  expect(upload.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await service?.close();
});

/** Sends each case; returns what went wrong with each (empty when every one was refused cleanly). */
async function runCases(cases: readonly HostileCase[]): Promise<string[]> {
  const problems: string[] = [];
  let before = storeDigest(service.dataDir);
  for (const [index, c] of cases.entries()) {
    const headers: Record<string, string> = {};
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (c.contentEncoding !== undefined) headers['content-encoding'] = c.contentEncoding;
    let answer;
    const sendCase = () => send(service.url, c.path, { method: c.method, key: keys[c.caller], headers, body: c.body, timeoutMs: 60_000 });
    try {
      try {
        answer = await sendCase();
      } catch (error) {
        // A pooled keep-alive connection the service closed after its 5 s idle timeout, reused
        // because a busy test process fired fetch's own idle timer late: the kernel answers with
        // a reset. That is the client's stale socket, not the service's answer: send once more on
        // a fresh connection. A service that is down fails the second try too.
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
        answer = await sendCase();
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      problems.push(`${c.name}: no answer (${(error as Error).message}${cause ? `: ${cause.code ?? ''} ${cause.message ?? ''}` : ''})`);
      continue;
    }
    const problem = refusalProblem(answer);
    if (problem) problems.push(`${c.name} (${c.why}): ${problem}`);
    else if (answer.status !== c.status) {
      problems.push(`${c.name} (${c.why}): expected ${c.status}, got ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    const after = storeDigest(service.dataDir);
    if (after !== before) {
      problems.push(`${c.name}: the store changed (${JSON.stringify(storeCounts(service.dataDir))})`);
      before = after;
    }
    if (index % 10 === 9 && !(await isHealthy(service.url))) {
      problems.push(`after ${c.name}: /healthz did not answer ok`);
      break;
    }
  }
  if (!(await isHealthy(service.url))) problems.push('the service is down at the end of the batch');
  return problems;
}

test('the committed corpus is exactly what the generator makes (deterministic, nothing stray)', () => {
  const onDisk = readHostileFixtures();
  const made = smallHostileFiles();
  expect(onDisk.map((c) => c.name)).toEqual(made.map((f) => f.entry.file));
  for (const [i, c] of onDisk.entries()) expect(c.body?.equals(made[i]?.body as Buffer)).toBe(true);
  const bytes = onDisk.reduce((sum, c) => sum + (c.body?.length ?? 0), 0);
  // Small on purpose: the big inputs are generated at test time.
  expect(bytes).toBeLessThan(200 * 1024);
  expect(HOSTILE_DIR).toMatch(/test[\\/]fixtures[\\/]hostile$/);
});

test('the corpus holds at least 100 hostile inputs over every route', () => {
  const all = [...readHostileFixtures(), ...generatedCases()];
  expect(all.length).toBeGreaterThanOrEqual(100);
  const routes = new Set(all.map((c) => `${c.method} ${c.path.split('?')[0]?.replace(/rows\/[^/]+\/history/, 'rows/:id/history')}`));
  for (const route of ['POST /api/v1/sync', 'POST /api/v1/returns', 'GET /api/v1/rows', 'GET /api/v1/rows/:id/history', 'GET /api/v1/master.xlsx', 'GET /api/v1/master/status']) {
    expect(routes).toContain(route);
  }
});

test('every committed hostile file is refused with its 4xx and a clear message; the store is unchanged', async () => {
  const before = storeDigest(service.dataDir);
  expect(await runCases(readHostileFixtures())).toEqual([]);
  expect(storeDigest(service.dataDir)).toBe(before);
}, 120_000);

test('every generated hostile input (bombs, huge arrays, deep nesting, wrong types, bad queries) is refused; the store is unchanged', async () => {
  const before = storeDigest(service.dataDir);
  expect(await runCases(generatedCases())).toEqual([]);
  expect(storeDigest(service.dataDir)).toBe(before);
}, 120_000);

test('after the whole corpus the service still takes a valid batch, and the digest sees it', async () => {
  const before = storeDigest(service.dataDir);
  const answer = await send(service.url, '/api/v1/sync', {
    method: 'POST',
    key: keys.district,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...validBatch(), batchId: `after-corpus-${randomUUID()}`, changes: [{ id: randomUUID(), baseVersion: 0, row: validRow() }] }),
  });
  expect(answer.status).toBe(200);
  expect((answer.json as { applied: unknown[] }).applied).toHaveLength(1);
  // The "unchanged" checks above are not vacuous: an accepted write changes the digest.
  expect(storeDigest(service.dataDir)).not.toBe(before);
});
