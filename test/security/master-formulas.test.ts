/**
 * Formula injection: whatever districts type (text starting with =, +, -, @, a HYPERLINK, a DDE
 * payload), both copies of the master workbook the coordinator downloads (the board's and the
 * working copy) hold it as text, never as a formula Excel would run nor a live link, and the
 * text comes back exactly as typed.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { PERIOD, XLSX_TYPE, validRow } from '../support/hostile-corpus';
import { send } from '../support/hostile-http';
import { startService, type TestService } from '../support/service';

const TYPED = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", '=IMPORTXML("http://x","//a")'];

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service?.close();
});

test('district text that looks like a formula is text in both copies of the master workbook, exactly as typed', async () => {
  for (const [index, district] of ['HBBC', 'NWLDC'].entries()) {
    const key = service.createKey(district);
    const changes = TYPED.map((text, i) => ({
      id: randomUUID(),
      baseVersion: 0,
      row: { ...validRow(), action: text, update: text, aim: i % 2 === 0 ? 'S1' : text.slice(0, 20), laaRefs: index === 0 ? ['SC7'] : [] },
    }));
    const answer = await send(service.url, '/api/v1/sync', {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ period: PERIOD, batchId: `formulas-${district}`, changes }),
    });
    expect(answer.status).toBe(200);
  }

  const coordinator = service.createKey('coordinator');
  for (const copy of ['working', 'board']) await expectOnlyText(coordinator, copy);
}, 60_000);

async function expectOnlyText(coordinator: string, copy: string): Promise<void> {
  const download = await fetch(`${service.url}/api/v1/master.xlsx?period=${PERIOD}&copy=${copy}`, {
    headers: { authorization: `Bearer ${coordinator}` },
    signal: AbortSignal.timeout(30_000),
  });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe(XLSX_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await download.arrayBuffer()) as unknown as ExcelJS.Buffer);

  const formulas: string[] = [];
  const texts = new Set<string>();
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value = cell.value as unknown;
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula || (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))) {
          formulas.push(`${sheet.name}!${cell.address}`);
        }
        if (cell.type === ExcelJS.ValueType.Hyperlink || cell.hyperlink) formulas.push(`link at ${sheet.name}!${cell.address}`);
        if (typeof value === 'string') texts.add(value);
        else if (value !== null && typeof value === 'object' && 'richText' in value) {
          texts.add((value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join(''));
        }
      });
    });
  });
  expect(formulas).toEqual([]);
  expect(workbook.worksheets.length).toBeGreaterThanOrEqual(5);
  // Each typed text is a whole cell (the action), and each update carries it before the district's tag.
  const missing = TYPED.filter((t) => !texts.has(t) || ![...texts].some((cell) => cell.startsWith(t) && /\((HBBC|NWLDC)\)$/.test(cell)));
  expect(missing).toEqual([]);
}
