/**
 * Honest health: a full disk is 507 and a damaged database 503 with plain words (never
 * "internal"), /readyz fails while either holds, a damaged file is refused at start with one
 * line; files are the service user's alone; text fields are cleaned alike; source maps are
 * not served.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { databasePath, startServer } from '../../server/main';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store';
import { DEFAULT_CONFIG } from '../../shared';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

let h: Harness;
let own: SqliteStore | undefined;
afterEach(() => {
  own?.close();
  own = undefined;
  h.close();
});

/** Overwrites the first bytes of the page holding `table`'s root, after a checkpoint moved everything into the main file. */
function damageTable(file: string, table: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const page = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (page - 1) * pageSize);
  closeSync(fd);
}

test('a full disk is 507 with plain words, stores nothing, and /readyz fails until a write succeeds', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  // A size cap makes SQLite answer SQLITE_FULL exactly as a full disk does.
  own = openSqliteStore({ file: databasePath(h.dataDir), maxBytes: 400 * 1024 });
  h.deps.store = own;
  await request(h.app).get('/readyz').expect(200);
  const before = h.snapshot();
  const big = Array.from({ length: 20 }, () => ({ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'x'.repeat(30_000) }) }));
  const full = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: big }).expect(507);
  expect(full.body.error.code).toBe('disk-full');
  expect(full.body.error.message).toMatch(/disk is full.*nothing was stored/i);
  expect(h.snapshot()).toBe(before);
  const ready = await request(h.app).get('/readyz').expect(507);
  expect(ready.body.error.code).toBe('disk-full');
  await request(h.app).get('/healthz').expect(200);
  // Space again (a small batch fits): the write succeeds and readiness comes back.
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(200);
  await request(h.app).get('/readyz').expect(200);
});

test('free space below the floor makes /readyz 507', async () => {
  h = createHarness();
  own = openSqliteStore({ file: databasePath(h.dataDir), diskFloorBytes: Number.MAX_SAFE_INTEGER });
  h.deps.store = own;
  const response = await request(h.app).get('/readyz').expect(507);
  expect(response.body.error.message).toMatch(/MB free, below/);
});

test('a damaged page is 503 with plain words, and /readyz fails', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(200);
  await request(h.app).get('/readyz').expect(200);
  damageTable(databasePath(h.dataDir), 'rows');
  // Another connection's commit makes the service's connection drop its page cache and read the file.
  const other = new Database(databasePath(h.dataDir));
  other.prepare("INSERT INTO api_keys (id, role, district, hash, created_at) VALUES ('000000000000', 'coordinator', NULL, x'00', 'now')").run();
  other.close();
  const response = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(key)).expect(503);
  expect(response.body.error.code).toBe('store-damaged');
  expect(response.body.error.message).toMatch(/database is damaged/);
  const ready = await request(h.app).get('/readyz').expect(503);
  expect(ready.body.error.code).toBe('store-damaged');
  await request(h.app).get('/healthz').expect(200);
});

test('the service refuses to start on a damaged file, with one line', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-damaged-'));
  try {
    const store = openSqliteStore({ file: databasePath(dataDir) });
    store.close();
    damageTable(databasePath(dataDir), 'rows');
    const start = startServer({ port: 0, dataDir, config: DEFAULT_CONFIG, isHttp: true, webDir: dataDir, logger: pino({ level: 'silent' }) });
    await expect(start).rejects.toThrow(/is damaged .*refusing to start/);
    const message = await start.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).not.toContain('\n');
    // A file that is not a database at all is refused the same way.
    writeFileSync(databasePath(dataDir), 'This is a note, not a database.'.repeat(100));
    await expect(startServer({ port: 0, dataDir, config: DEFAULT_CONFIG, isHttp: true, webDir: dataDir, logger: pino({ level: 'silent' }) })).rejects.toThrow(/is damaged/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the database and its WAL are created readable by the service user only', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(200);
  const file = databasePath(h.dataDir);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
});

test('LAA refs and the sheet name are cleaned like every text field (NUL, lone surrogates)', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  const id = randomUUID();
  await sync(h.app, key, {
    period: PERIOD,
    batchId: randomUUID(),
    changes: [{ id, baseVersion: 0, row: aRow({ laaRefs: ['SC\u00007', 'NI\uD800 1'], sheet: 'Stay\u0000 Safe\uDC00', rowNumber: 5 }) }],
  }).expect(200);
  const rows = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(key)).expect(200);
  expect(rows.body.rows[0].row).toMatchObject({ laaRefs: ['SC7', 'NI 1'], sheet: 'Stay Safe' });
  // A ref that is nothing but control characters is empty after cleaning: refused, not stored blank.
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ laaRefs: ['\u0000\u0001'] }) }] }).expect(400);
});

test('source maps are not served unless the service runs for development', async () => {
  const webDir = mkdtempSync(join(tmpdir(), 'dr-web-'));
  mkdirSync(join(webDir, 'taskpane'));
  writeFileSync(join(webDir, 'taskpane', 'taskpane.js'), 'console.log(1);');
  writeFileSync(join(webDir, 'taskpane', 'taskpane.js.map'), '{"version":3}');
  try {
    h = createHarness({ overrides: { webDir } });
    await request(h.app).get('/taskpane/taskpane.js').expect(200);
    await request(h.app).get('/taskpane/taskpane.js.map').expect(404);
    h.close();
    h = createHarness({ overrides: { webDir, isServingSourceMaps: true } });
    await request(h.app).get('/taskpane/taskpane.js.map').expect(200);
  } finally {
    rmSync(webDir, { recursive: true, force: true });
  }
});

test('error messages give the right advice: an upload over the limit is not told to send fewer rows; charset and encoding apart', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  const upload = await request(h.app)
    .post(`/api/v1/returns?period=${PERIOD}`)
    .set(bearer(key))
    .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(Buffer.alloc(11 * 1024 * 1024))
    .expect(413);
  expect(upload.body.error.message).not.toMatch(/rows per batch/);
  expect(upload.body.error.message).toMatch(/workbook/);
  const charset = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json; charset=klingon').send('{}').expect(415);
  expect(charset.body.error.message).toMatch(/UTF-8/);
  const encoding = await request(h.app).post('/api/v1/sync').set(bearer(key)).set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}').expect(415);
  expect(encoding.body.error.message).toMatch(/gzip/);
});
