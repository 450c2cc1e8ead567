import ExcelJS from 'exceljs';
import { ErrorBody } from '../../shared';
import { MasterStatus } from '../../shared/merge';
import { startService, type TestService } from '../support/service';
import { syncSeedReturn } from '../support/seed-returns';

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
});
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
  expect(staySafe.getCell('E7').value).toBe(
    'Links to the new YOT Impact Team are being developed (HBBC).\n\nNWLDC Multi agency JAG meeting addresses this issue (NWL).',
  );
  const summary = workbook.getWorksheet('Summary')!;
  const hbbcRow = (summary.getSheetValues() as unknown[][]).find((row) => row?.[1] === 'HBBC')!;
  expect(hbbcRow[3]).toBe(18);
  expect(String(hbbcRow[10])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
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
  expect((await get('/master/status?period=2008-03', hbbc)).status).toBe(403);
});

test('an unknown period is a 400 that names the periods', async () => {
  const response = await get('/master.xlsx?period=2030-01', coordinator);
  expect(response.status).toBe(400);
  expect(ErrorBody.parse(await response.json()).error.message).toMatch(/2008-03 \(20 March 2008\)/);
});
