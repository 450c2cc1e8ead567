import request from 'supertest';
import type { StoredRow } from '../../shared';
import { XLSX_TYPE } from '../../server/routes/returns';
import { makeNotesWorkbook, makeReturnWorkbook, type WorkbookRow } from '../support/make-workbook';
import { bearer, createHarness, PERIOD, type Harness } from './harness';

let h: Harness;
let key: string;
beforeAll(() => {
  h = createHarness();
  key = h.key('HDC');
});
afterAll(() => h.close());

const rows: WorkbookRow[] = [
  { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'Links to the new YOT Impact Team are being developed', update: 'Impact team in place.' },
  { outcome: '', aim: 'S4', laaRef: 'SC3.1\nCYP7', action: 'Multi agency JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' },
  { outcome: 'Be healthy', aim: 'H1', laaRef: '', action: 'Free swimming for under 16s', update: 'Sessions doubled.' },
];

function upload(body: Buffer, query = `period=${PERIOD}`) {
  return request(h.app).post(`/api/v1/returns?${query}`).set(bearer(key)).set('Content-Type', XLSX_TYPE).send(body);
}

async function storedRows(): Promise<StoredRow[]> {
  return (await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(key)).expect(200)).body.rows;
}

test('a dry run validates and stores nothing; the upload stores the rows with the reader\'s findings', async () => {
  const workbook = await makeReturnWorkbook(rows);
  const dry = await upload(workbook, `period=${PERIOD}&dryRun=1`).expect(200);
  expect(dry.body.dryRun).toBe(true);
  expect(dry.body.rows).toHaveLength(3);
  expect(await storedRows()).toEqual([]);

  const response = await upload(workbook).expect(200);
  expect(response.body.summary).toEqual({ inserted: 3, updated: 0, deleted: 0, unchanged: 0 });
  // The blank Outcome carried down from the row above; the missing LAA ref is found in its cell.
  expect(response.body.findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', cell: 'C7' }));
  const stored = await storedRows();
  expect(stored.map((r) => [r.row.outcome, r.row.laaRefs])).toEqual([
    ['Stay safe', ['SC7']],
    ['Stay safe', ['SC3.1', 'CYP7']],
    ['Be healthy', []],
  ]);
});

test('uploading again matches rows by outcome + action: changed rows get a new version, dropped rows are deleted, history continues', async () => {
  const before = await storedRows();
  const changed = [{ ...rows[0], update: 'Impact team in place; first referrals.' }, rows[1]] as WorkbookRow[];
  const response = await upload(await makeReturnWorkbook(changed)).expect(200);
  expect(response.body.summary).toEqual({ inserted: 0, updated: 1, deleted: 1, unchanged: 1 });
  const after = await storedRows();
  expect(after.map((r) => r.id)).toEqual(before.slice(0, 2).map((r) => r.id));
  expect(after[0]).toMatchObject({ version: 2, row: { update: 'Impact team in place; first referrals.' } });
  expect(after[1]).toMatchObject({ version: 1 });
  const dropped = before[2] as StoredRow;
  const history = await request(h.app).get(`/api/v1/rows/${dropped.id}/history?period=${PERIOD}`).set(bearer(key)).expect(200);
  expect(history.body.history.map((e: { source: string; after: unknown }) => [e.source, e.after === null])).toEqual([
    ['upload', false],
    ['upload', true],
  ]);
});

test("an upload's LAA refs are checked against the codes in use in the period it is for: NI 50 is out of its time in 2007-10, in use in 2008-08", async () => {
  const workbook = await makeReturnWorkbook([{ outcome: 'Stay safe', aim: 'S1', laaRef: 'NI 50', action: 'Emotional health of children: school nurse drop-ins', update: 'Drop-ins in four schools.' }]);
  const outOfPeriod = (findings: { rule: string }[]) => findings.filter((f) => f.rule === 'laa-ref-out-of-period');
  const october2007 = await upload(workbook, 'period=2007-10&dryRun=1').expect(200);
  expect(outOfPeriod(october2007.body.findings)).toEqual([expect.objectContaining({ severity: 'warning', cell: 'C5', message: expect.stringContaining('NI 50 is not in use in 10 October 2007') })]);
  const august2008 = await upload(workbook, 'period=2008-08&dryRun=1').expect(200);
  expect(outOfPeriod(august2008.body.findings)).toEqual([]);
  expect(august2008.body.rows[0].row.laaRefs).toEqual(['NI 50']);
});

test('a file that is not a workbook → 422 with what to do; the store is unchanged and the service up', async () => {
  const before = h.snapshot();
  const response = await upload(Buffer.from('Outcome,Aim,LAA Ref\nStay safe,S1,SC7\n'));
  expect(response.status).toBe(422);
  expect(response.body.error.message).toMatch(/xlsx|workbook/i);
  expect(h.snapshot()).toBe(before);
  await request(h.app).get('/healthz').expect(200);
});

test('a workbook without the grid, or a grid without rows, is refused rather than deleting every row', async () => {
  const before = h.snapshot();
  const noGrid = await upload(await makeNotesWorkbook()).expect(422);
  expect(noGrid.body.error.code).toBe('no-grid');
  const empty = await upload(await makeReturnWorkbook([])).expect(400);
  expect(empty.body.error.code).toBe('empty-return');
  expect(h.snapshot()).toBe(before);
  expect(await storedRows()).toHaveLength(2);
});

test('an unknown outcome in the workbook → 400 naming the cell; nothing stored', async () => {
  const before = h.snapshot();
  const response = await upload(await makeReturnWorkbook([{ outcome: 'Be wealthy', laaRef: 'SC7', action: 'Something' }])).expect(400);
  expect(response.body.error.message).toMatch(/Be wealthy/);
  expect(response.body.error.details.findings[0]).toMatchObject({ rule: 'unknown-outcome', cell: 'A5' });
  expect(h.snapshot()).toBe(before);
});

test('wrong content type → 415, unknown period → 400, coordinator upload → 403', async () => {
  const workbook = await makeReturnWorkbook(rows);
  await request(h.app).post(`/api/v1/returns?period=${PERIOD}`).set(bearer(key)).set('Content-Type', 'application/octet-stream').send(workbook).expect(415);
  const period = await upload(workbook, 'period=2031-01').expect(400);
  expect(period.body.error.code).toBe('unknown-period');
  await request(h.app).post(`/api/v1/returns?period=${PERIOD}`).set(bearer(h.key('coordinator'))).set('Content-Type', XLSX_TYPE).send(workbook).expect(403);
});
