import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { ErrorBody } from '../../shared';
import { MasterStatus } from '../../shared/merge';
import { startService, type TestService } from '../support/service';
import { buildSeedPayloads, syncSeedReturn } from '../support/seed-returns';

let service: TestService;
let coordinator: string;
let hbbc: string;

beforeAll(async () => {
  service = await startService();
  coordinator = service.createKey('coordinator');
  hbbc = service.createKey('HBBC');
  await syncSeedReturn(service.url, service.createKey('HDC'), 'HDC');
  await syncSeedReturn(service.url, hbbc, 'HBBC');
  await syncSeedReturn(service.url, service.createKey('NWLDC'), 'NWLDC');
  // October 2007, the period before: HBBC said then what it says now about sports awards.
  const october = buildSeedPayloads('HBBC').filter((row) => row.action.startsWith('Encourage the attainment'));
  const response = await fetch(`${service.url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hbbc}`, 'content-type': 'application/json' },
    body: JSON.stringify({ period: '2007-10', batchId: randomUUID(), changes: october.map((row) => ({ id: randomUUID(), baseVersion: 0, row })) }),
  });
  expect(response.status).toBe(200);
});

const plain = (value: ExcelJS.CellValue) =>
  value !== null && typeof value === 'object' && 'richText' in value ? value.richText.map((r) => r.text).join('') : value;

async function download(query: string): Promise<{ response: Response; workbook: ExcelJS.Workbook }> {
  const response = await get(`/master.xlsx?${query}`, coordinator);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
  return { response, workbook };
}
afterAll(async () => {
  await service.close();
});

const get = (path: string, key: string) => fetch(`${service.url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });

test('the coordinator downloads the master, named for partnership and period, with the board’s tables', async () => {
  const response = await get('/master.xlsx?period=2008-03', coordinator);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="Leicestershire-district-returns-2008-03.xlsx"');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
  const staySafe = workbook.getWorksheet('Stay safe')!;
  expect(plain(staySafe.getCell('E7').value)).toBe(
    'Links to the new YOT Impact Team are being developed (HBBC).\n\nNWLDC Multi agency JAG meeting addresses this issue (NWL).',
  );
  const summary = workbook.getWorksheet('Summary')!;
  const hbbcRow = (summary.getSheetValues() as unknown[][]).find((row) => row?.[1] === 'HBBC')!;
  expect(hbbcRow[3]).toBe(18);
  expect(String(hbbcRow[10])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
});

test('?copy=board is the board’s copy: only its tables, HBBC’s unchanged update left out; includeUnchanged keeps it', async () => {
  const { response, workbook } = await download('period=2008-03&copy=board');
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="Leicestershire-district-returns-2008-03-board.xlsx"');
  expect(workbook.worksheets.map((s) => s.name)).not.toEqual(expect.arrayContaining(['Summary']));
  expect(workbook.worksheets.map((s) => s.name).filter((n) => ['Summary', 'Findings', 'All updates'].includes(n))).toEqual([]);
  const sportsUpdate = (book: ExcelJS.Workbook) =>
    (book.getWorksheet('Enjoy and achieve')!.getColumn(5).values as ExcelJS.CellValue[]).map(plain).find((v) => String(v).includes('LSA Awards'));
  expect(sportsUpdate(workbook)).toBe('LSA Awards Programme (NWLDC).');
  const { workbook: all } = await download('period=2008-03&copy=board&includeUnchanged=true');
  expect(sportsUpdate(all)).toBe('New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).');
  expect((await get('/master.xlsx?period=2008-03&copy=everything', coordinator)).status).toBe(400);
});

test('a district key may not download the master', async () => {
  const response = await get('/master.xlsx?period=2008-03', hbbc);
  expect(response.status).toBe(403);
  const body = ErrorBody.parse(await response.json());
  expect(body.error.code).toBe('coordinator-key-required');
});

test('the status says, per district, rows, last sync, findings and actions missing an LAA ref', async () => {
  const response = await get('/master/status?period=2008-03', coordinator);
  expect(response.status).toBe(200);
  const status = MasterStatus.parse(await response.json());
  expect(status.period).toEqual({ id: '2008-03', label: '20 March 2008' });
  const byCode = new Map(status.districts.map((d) => [d.code, d]));
  expect(byCode.get('HBBC')).toMatchObject({ rows: 18, rowsWithUpdate: 9, hasReturned: true, missingLaaRefs: 3 });
  expect(byCode.get('HBBC')!.lastSync).not.toBeNull();
  expect(byCode.get('HBBC')!.missingRefActions.map((a) => a.action)).toContain(
    'Work with the PCT and other partners to develop an area and communities of interest engagement strategy.',
  );
  expect(byCode.get('BDC')).toMatchObject({ rows: 0, hasReturned: false, findingCount: 0 });
  // An update repeated from October 2007 is a finding on the page, naming that period.
  expect(byCode.get('HBBC')!.findings.filter((f) => f.rule === 'update-unchanged').map((f) => f.message)).toEqual([
    expect.stringContaining('for 10 October 2007'),
  ]);
  expect((await get('/master/status?period=2008-03', hbbc)).status).toBe(403);
});

test('an unknown period is a 400 that names the periods', async () => {
  const response = await get('/master.xlsx?period=2030-01', coordinator);
  expect(response.status).toBe(400);
  expect(ErrorBody.parse(await response.json()).error.message).toMatch(/2008-03 \(20 March 2008\)/);
});
