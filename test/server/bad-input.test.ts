import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MAX_BATCH_CHANGES, MAX_CELL_TEXT } from '../../shared';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

let h: Harness;
let key: string;
let before: string;
beforeEach(async () => {
  h = createHarness();
  key = h.key('HBBC');
  // Something already stored, so "unchanged" means more than "still empty".
  await sync(h.app, key, { period: PERIOD, batchId: 'seed-batch-1', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(200);
  before = h.snapshot();
});
afterEach(() => h.close());

async function expectRefused(response: request.Response, status: number, code: string, message: RegExp) {
  expect(response.status).toBe(status);
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(response.body.error).toEqual({ code, message: expect.stringMatching(message), details: response.body.error.details });
  expect(response.body.error).toHaveProperty('details');
  expect(JSON.stringify(response.body)).not.toMatch(/node_modules|\s+at\s+\S+\s+\(/);
  expect(h.snapshot()).toBe(before);
  await request(h.app).get('/healthz').expect(200);
}

const valid = () => ({ period: PERIOD, batchId: `batch-${randomUUID()}`, changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] });

test('malformed JSON → 400 malformed-json', async () => {
  const response = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json').send('{"period": "2008-03", ');
  await expectRefused(response, 400, 'malformed-json', /not valid JSON/);
});

test('wrong types → 400 naming the field', async () => {
  const body = valid();
  const response = await sync(h.app, key, { ...body, changes: [{ ...body.changes[0], baseVersion: 'one' }] });
  await expectRefused(response, 400, 'invalid-input', /changes\.0/);
  expect(response.body.error.details.issues.length).toBeGreaterThan(0);
});

test('a period the partnership does not report on → 400 listing the periods', async () => {
  await expectRefused(await sync(h.app, key, { ...valid(), period: '2031-01' }), 400, 'unknown-period', /2031-01 is not one of .*2008-03/);
  await expectRefused(await sync(h.app, key, { ...valid(), period: 'March 2008' }), 400, 'invalid-input', /YYYY-MM/);
  await expectRefused(await request(h.app).get('/api/v1/rows?period=2031-01').set(bearer(key)), 400, 'unknown-period', /reporting periods/);
  await expectRefused(await request(h.app).get('/api/v1/rows').set(bearer(key)), 400, 'invalid-input', /period/);
});

test('an outcome that is not an ECM outcome → 400 naming it and the five outcomes', async () => {
  const body = valid();
  const response = await sync(h.app, key, { ...body, changes: [{ ...body.changes[0], row: aRow({ outcome: 'Be wealthy' }) }] });
  await expectRefused(response, 400, 'unknown-outcome', /"Be wealthy" is not an Every Child Matters outcome.*Be healthy/);
});

test(`a batch over ${MAX_BATCH_CHANGES} changes → 413`, async () => {
  const changes = Array.from({ length: MAX_BATCH_CHANGES + 1 }, () => ({ id: randomUUID(), baseVersion: 0, row: aRow({ action: randomUUID() }) }));
  await expectRefused(await sync(h.app, key, { ...valid(), changes }), 413, 'batch-too-large', /at most 500 changes/);
});

test('a body over the size limit → 413', async () => {
  const huge = JSON.stringify({ ...valid(), padding: 'x'.repeat(9 * 1024 * 1024) });
  const response = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json').send(huge);
  await expectRefused(response, 413, 'body-too-large', /larger than/);
});

test('a row id that is not a UUID → 400', async () => {
  const body = valid();
  await expectRefused(await sync(h.app, key, { ...body, changes: [{ ...body.changes[0], id: 'row-7' }] }), 400, 'invalid-input', /UUID/);
  await expectRefused(await request(h.app).get(`/api/v1/rows/row-7/history?period=${PERIOD}`).set(bearer(key)), 400, 'invalid-input', /UUID/);
});

test('text over the cell limit → 400', async () => {
  const body = valid();
  const response = await sync(h.app, key, { ...body, changes: [{ ...body.changes[0], row: aRow({ update: 'x'.repeat(MAX_CELL_TEXT + 1) }) }] });
  await expectRefused(response, 400, 'invalid-input', /32000-character cell limit/);
});

test('unknown fields, prototype keys and control characters in keys are refused, not merged', async () => {
  const body = valid();
  const polluted = `{"period":"${PERIOD}","batchId":"${body.batchId}","changes":[{"id":"${body.changes[0]?.id}","baseVersion":0,"row":{"outcome":"Stay safe","action":"x","__proto__":{"isAdmin":true}}}]}`;
  const response = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json').send(polluted);
  await expectRefused(response, 400, 'invalid-input', /__proto__|Unrecognized/i);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

test('the same row twice in one batch → 400', async () => {
  const body = valid();
  const change = body.changes[0];
  await expectRefused(await sync(h.app, key, { ...body, changes: [change, change] }), 400, 'repeated-row-id', /appears twice/);
});

test('a batch that is not JSON → 415', async () => {
  const response = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'text/plain').send('period=2008-03');
  await expectRefused(response, 415, 'json-required', /application\/json/);
});

test('deep nesting and huge arrays are answered 4xx without taking the service down', async () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const response = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json').send(deep);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(h.snapshot()).toBe(before);
  const wide = await sync(h.app, key, { ...valid(), changes: new Array(100_000).fill(0) });
  expect(wide.status).toBe(413);
  await request(h.app).get('/healthz').expect(200);
});

test('unknown API paths → 404 in the error shape', async () => {
  const response = await request(h.app).get('/api/v1/nothing-here').set(bearer(key));
  await expectRefused(response, 404, 'not-found', /Nothing here/);
});

test('an unexpected failure → 500 with a generic message, no stack, and the service stays up', async () => {
  const broken = createHarness({ overrides: {} });
  const brokenKey = broken.key('HBBC');
  broken.store.listRows = () => {
    throw new Error('SQLITE_CORRUPT: secret internals at /srv/data/file.sqlite');
  };
  const response = await request(broken.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(brokenKey)).expect(500);
  expect(response.body.error.code).toBe('internal');
  expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|\/srv|at /);
  await request(broken.app).get('/healthz').expect(200);
  broken.close();
});
