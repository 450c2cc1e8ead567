import ExcelJS from 'exceljs';
import request from 'supertest';
import type { StoredRow } from '../../shared';
import { XLSX_TYPE } from '../../server/routes/returns';
import { makeNotesWorkbook, makeReturnWorkbook, type WorkbookRow } from '../support/make-workbook';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

/** supertest's parser for a binary body (the .xlsx download). */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

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
  expect(response.body.summary).toEqual({ inserted: 3, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, notDeleted: 0 });
  // The blank Outcome carried down from the row above; the missing LAA ref is found in its cell.
  expect(response.body.findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', cell: 'C7' }));
  const stored = await storedRows();
  expect(stored.map((r) => [r.row.outcome, r.row.laaRefs])).toEqual([
    ['Stay safe', ['SC7']],
    ['Stay safe', ['SC3.1', 'CYP7']],
    ['Be healthy', []],
  ]);
});

test('uploading again matches rows by outcome + action: changed rows get a new version; dropped rows are only listed until confirmed', async () => {
  const before = await storedRows();
  const changed = [{ ...rows[0], update: 'Impact team in place; first referrals.' }, rows[1]] as WorkbookRow[];
  const workbook = await makeReturnWorkbook(changed);
  const response = await upload(workbook).expect(200);
  expect(response.body.summary).toEqual({ inserted: 0, updated: 1, deleted: 0, unchanged: 1, conflicts: 0, notDeleted: 1 });
  expect(response.body.plan.delete).toEqual([expect.objectContaining({ id: before[2]!.id, action: 'Free swimming for under 16s' })]);
  expect(await storedRows()).toHaveLength(3);

  const confirmed = await upload(workbook, `period=${PERIOD}&confirm=1`).expect(200);
  expect(confirmed.body.summary).toEqual({ inserted: 0, updated: 0, deleted: 1, unchanged: 2, conflicts: 0, notDeleted: 0 });
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

test('the stale upload from the report: the add-in\'s later edit comes back as a conflict and its new row stays', async () => {
  const district = createHarness();
  const officer = district.key('MBC');
  const send = (body: Buffer, query = '') =>
    request(district.app).post(`/api/v1/returns?period=${PERIOD}${query}`).set(bearer(officer)).set('Content-Type', XLSX_TYPE).send(body);
  try {
    const first = await makeReturnWorkbook(rows);
    await send(first).expect(200);
    const stored = (await request(district.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(officer)).expect(200)).body.rows as StoredRow[];
    const edited = stored[0]!;
    // Later, through the add-in: row 1's update edited, and a row added.
    const added = { id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', baseVersion: 0, row: aRow({ action: 'Youth forum set up with the police', update: 'First forum held.' }) };
    await sync(district.app, officer, {
      period: PERIOD,
      batchId: 'addin-batch-0001',
      changes: [{ id: edited.id, baseVersion: 1, row: { ...edited.row, update: 'Edited in the add-in after the upload.' } }, added],
    }).expect(200);
    const afterSync = district.snapshot();

    // The officer's old workbook, its row 1 update changed there too, uploaded again.
    const stale = await makeReturnWorkbook([{ ...rows[0]!, update: 'Changed in the old workbook.' }, rows[1]!, rows[2]!]);
    const response = await send(stale).expect(200);
    expect(response.body.summary).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 2, conflicts: 1, notDeleted: 1 });
    expect(response.body.plan.conflicts).toEqual([
      expect.objectContaining({ id: edited.id, reason: 'both-changed', fields: ['update'], service: expect.objectContaining({ update: 'Edited in the add-in after the upload.' }) }),
    ]);
    expect(response.body.plan.delete).toEqual([expect.objectContaining({ id: added.id })]);
    // No row and no history written: the add-in's edit and its row are as the add-in left them.
    expect(district.snapshot()).toBe(afterSync);
    const now = (await request(district.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(officer)).expect(200)).body.rows as StoredRow[];
    expect(now.find((r) => r.id === edited.id)).toMatchObject({ version: 2, row: { update: 'Edited in the add-in after the upload.' } });
    expect(now.find((r) => r.id === added.id)).toMatchObject({ version: 1, row: { action: 'Youth forum set up with the police' } });

    // The unchanged old workbook leaves the add-in's edit alone too (the workbook did not change that cell).
    const again = await send(first).expect(200);
    expect(again.body.plan.leave.map((r: { id: string }) => r.id)).toContain(edited.id);
    expect(again.body.summary.updated).toBe(0);
  } finally {
    district.close();
  }
});

test('my return: the district\'s rows with ids in a hidden column, lists and text cells; uploaded unchanged it is no change', async () => {
  const district = createHarness();
  const officer = district.key('OWBC');
  try {
    await request(district.app).post(`/api/v1/returns?period=${PERIOD}`).set(bearer(officer)).set('Content-Type', XLSX_TYPE).send(await makeReturnWorkbook(rows)).expect(200);
    const stored = (await request(district.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(officer)).expect(200)).body.rows as StoredRow[];
    // The add-in changes a row after the upload: my return carries the newer text.
    await sync(district.app, officer, { period: PERIOD, batchId: 'addin-batch-0002', changes: [{ id: stored[2]!.id, baseVersion: 1, row: { ...stored[2]!.row, update: '=HYPERLINK("x")' } }] }).expect(200);
    const download = await request(district.app).get(`/api/v1/returns/my-return.xlsx?period=${PERIOD}`).set(bearer(officer)).buffer(true).parse(binary as never).expect(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="OWBC-return-${PERIOD}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Return')!;
    expect(workbook.getWorksheet('Lists')!.state).toBe('veryHidden');
    expect(sheet.getCell('G4').value).toBe('Row ID');
    expect(sheet.getColumn(7).hidden).toBe(true);
    expect([5, 6, 7].map((r) => sheet.getCell(`G${r}`).value)).toEqual(stored.map((r) => r.id));
    expect(sheet.getCell('E7').value).toBe('=HYPERLINK("x")');
    expect(sheet.getCell('E7').numFmt).toBe('@');
    expect(sheet.getCell('E7').formula).toBeUndefined();
    expect(sheet.getCell('A5').dataValidation).toMatchObject({ type: 'list', formulae: ['Lists!$A$1:$A$5'] });

    const unchanged = await request(district.app).post(`/api/v1/returns?period=${PERIOD}`).set(bearer(officer)).set('Content-Type', XLSX_TYPE).send(download.body as Buffer).expect(200);
    expect(unchanged.body.summary).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 3, conflicts: 0, notDeleted: 0 });
  } finally {
    district.close();
  }
});

test('my return for a new period carries last period\'s actions over, updates cleared', async () => {
  const district = createHarness();
  const officer = district.key('CBC');
  try {
    await request(district.app).post(`/api/v1/returns?period=${PERIOD}`).set(bearer(officer)).set('Content-Type', XLSX_TYPE).send(await makeReturnWorkbook(rows)).expect(200);
    const download = await request(district.app).get('/api/v1/returns/my-return.xlsx?period=2008-08').set(bearer(officer)).buffer(true).parse(binary as never).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Return')!;
    expect(String(sheet.getCell('A2').value)).toMatch(/carried over from 20 March 2008/);
    expect([5, 6, 7].map((r) => [sheet.getCell(`D${r}`).value, sheet.getCell(`E${r}`).value, sheet.getCell(`G${r}`).value])).toEqual(rows.map((r) => [r.action, '', '']));
  } finally {
    district.close();
  }
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
