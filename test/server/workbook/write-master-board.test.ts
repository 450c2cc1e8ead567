/**
 * The two copies of the master read back with exceljs (issue 11): the board's copy holds only
 * the board's tables, laid out as the March 2008 appendix (seed 001), and nothing in either
 * copy is clipped, because every row is as tall as its longest cell needs.
 */
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, type DistrictReturn, type MasterModel } from '../../../shared/merge';
import { renderMasterWorkbook, type MasterOptions } from '../../../server/workbook/write-master';
import { buildSeedReturns } from '../../support/seed-returns';

const NOW = new Date('2008-03-20T09:00:00Z');
const BOARD: MasterOptions = { copy: 'board', includeUnchanged: false };
const WORKING: MasterOptions = { copy: 'working', includeUnchanged: false };
const SPORTS_ACTION = 'Encourage the attainment of excellence in sports.';

/** The seed's returns, one row At risk and one Exceptional, and the October 2007 returns in which HBBC said the same about sports awards. */
function seedModel(): MasterModel {
  const returns = buildSeedReturns('2008-03-19T16:30:00.000Z').map((r) => ({
    ...r,
    rows: r.rows.map((row): GridRow => {
      if (r.district !== 'HBBC') return row;
      if (row.action.startsWith('Work towards equality')) return { ...row, status: 'Exceptional', statusText: 'Exceptional' };
      if (row.action.startsWith('To produce a proactive')) return { ...row, status: 'At risk', statusText: 'At risk' };
      return row;
    }),
  }));
  const previous: DistrictReturn[] = buildSeedReturns('2007-10-09T10:00:00.000Z').map((r) => ({
    ...r,
    rows: r.rows
      .filter((row) => row.action.startsWith('Encourage the attainment'))
      // Nearly identical: case, spacing and punctuation do not count.
      .map((row) => ({ ...row, update: `  ${row.update.toUpperCase().replace(/\./g, '')} ` })),
  }));
  return mergeReturns({ period: '2008-03', districts: returns, now: NOW, previous: { period: '2007-10', districts: previous } }, DEFAULT_CONFIG);
}

async function load(model: MasterModel, options: MasterOptions): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderMasterWorkbook(model, options)) as unknown as ExcelJS.Buffer);
  return workbook;
}

const plain = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return String(value as string | number);
};

/**
 * Lines a text needs at a column width, estimated independently of the writer and on the
 * generous side for the text: 6 px per character (Arial 10's average is about 6.3), the
 * column 7 px per unit, each explicit line its own line.
 */
function linesNeeded(text: string, width: number): number {
  const perLine = Math.floor((width * 7) / 6);
  return text.split('\n').reduce((n, paragraph) => n + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
}

/** Table rows below the header (titles and header row excluded). */
function bodyRows(sheet: ExcelJS.Worksheet, headerRow: number): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row) => {
    if (row.number > headerRow) rows.push(row);
  });
  return rows;
}

const columnCount = (sheet: ExcelJS.Worksheet) => sheet.columns.length;

describe("the board's copy", () => {
  let model: MasterModel;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    model = seedModel();
    workbook = await load(model, BOARD);
  });

  it('holds only the Exceptions table and the outcome tables: no Summary, Findings or All updates', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Exceptions',
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
    ]);
  });

  it('titles each table as the board does and names outcomes in its words', () => {
    const safe = workbook.getWorksheet('Stay safe')!;
    expect(plain(safe.getCell('A1').value)).toBe("LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE");
    expect(plain(safe.getCell('A2').value)).toBe('(20 March 2008)');
    expect(plain(safe.getCell('A4').value)).toBe('Stay Safe');
    const economic = workbook.getWorksheet('Achieve economic well-being')!;
    expect(plain(economic.getCell('A1').value)).toMatch(/– ECONOMIC WELLBEING$/);
    expect(plain(economic.getCell('A4').value)).toBe('Economic Wellbeing');
  });

  it('gives every aim its code and the configuration’s wording', () => {
    const wording = new Map(DEFAULT_CONFIG.outcomes.flatMap((o) => o.aims.map((a) => [a.code, `${a.code}  ${a.name}`])));
    let aims = 0;
    for (const sheet of workbook.worksheets.slice(1)) {
      for (const row of bodyRows(sheet, 3)) {
        const aim = plain(row.getCell(2).value);
        if (aim === '') continue;
        aims++;
        expect(aim).toBe(wording.get(aim.slice(0, 2)));
      }
    }
    expect(aims).toBeGreaterThanOrEqual(8);
    expect(plain(workbook.getWorksheet('Stay safe')!.getCell('B7').value)).toBe('S4  Safe from crime and anti-social behaviour in and out of school');
  });

  it('puts LAA refs one per line, wrapped', () => {
    const sheet = workbook.getWorksheet('Make a positive contribution')!;
    const refs = sheet.getCell('C5');
    expect(plain(refs.value)).toBe('SC3.1\nCYP7\nCYP8\nSC5.1\nSC5.2');
    expect(refs.alignment).toMatchObject({ wrapText: true });
  });

  it('rules every body cell, in one font, with no fill and no note anywhere', () => {
    let cells = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow({ includeEmpty: false }, (row) => {
        for (let c = 1; c <= columnCount(sheet); c++) {
          const cell = row.getCell(c);
          cells++;
          expect(cell.font?.name).toBe('Arial');
          expect(cell.note).toBeUndefined();
          const fill = cell.fill as ExcelJS.FillPattern | undefined;
          expect(fill === undefined || fill.pattern === 'none').toBe(true);
          if (row.number >= 3) expect(cell.border).toMatchObject({ top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } });
        }
      });
    }
    expect(cells).toBeGreaterThan(150);
  });

  it('makes every row as tall as its longest cell needs at its column’s width', () => {
    let checked = 0;
    for (const sheet of workbook.worksheets) {
      const widths = sheet.columns.map((c) => c.width ?? 9);
      for (const row of bodyRows(sheet, 3)) {
        const lines = Math.max(...widths.map((w, i) => linesNeeded(plain(row.getCell(i + 1).value), w)));
        expect(row.height).toBeGreaterThanOrEqual(lines * 12);
        expect(row.height).toBeLessThanOrEqual(409);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
    // The S1 row gathers three districts' paragraphs: far more than the default 15 pt.
    expect(workbook.getWorksheet('Stay safe')!.getRow(4).height).toBeGreaterThan(150);
  });

  it('prints A4 landscape, one page wide, the header repeated, a footer with partnership, period and page numbers', () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(sheet.pageSetup.printTitlesRow).toBe('3:3');
      expect(sheet.headerFooter.oddFooter).toBe('&L&9&"Arial,Regular"Leicestershire&C&9&"Arial,Regular"20 March 2008&R&9&"Arial,Regular"Page &P of &N');
    }
  });

  it('opens with the exceptions, At risk first, each with its action, LAA refs and the district’s text', () => {
    const sheet = workbook.getWorksheet('Exceptions')!;
    expect(plain(sheet.getCell('A1').value)).toMatch(/CONTRIBUTION TO THE CHILDREN ACT – EXCEPTIONS$/);
    expect(sheet.getRow(3).values).toEqual([undefined, 'Status', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']);
    expect([4, 5].map((r) => sheet.getRow(r).values)).toEqual([
      [
        undefined,
        'At risk',
        'Stay Safe',
        'S4  Safe from crime and anti-social behaviour in and out of school',
        'SC3.1',
        expect.stringMatching(/^To produce a proactive/),
        'Links to the new YOT Impact Team are being developed (HBBC).',
      ],
      [undefined, 'Exceptional', 'Stay Safe', 'S2  Safe from accidental injury and death', 'CYP7', expect.stringMatching(/^Work towards equality/), 'HBBC achieved level 3 (HBBC).'],
    ]);
  });

  it('leaves out an update unchanged since the previous period, and keeps the rest of the row', () => {
    const sports = workbook.getWorksheet('Enjoy and achieve')!;
    const rows = bodyRows(sports, 3);
    const row = rows.find((r) => plain(r.getCell(4).value) === SPORTS_ACTION);
    // Both districts repeated October's words on this action, so the action is not reported.
    expect(row).toBeUndefined();
    const texts = rows.map((r) => plain(r.getCell(5).value)).join('\n');
    expect(texts).not.toContain('LSA Awards Programme');
    expect(texts).toContain('Club Connect leaflets');
  });

  it('keeps unchanged updates when the coordinator asks for them', async () => {
    const all = await load(model, { copy: 'board', includeUnchanged: true });
    const rows = bodyRows(all.getWorksheet('Enjoy and achieve')!, 3);
    expect(rows.map((r) => plain(r.getCell(5).value))).toContain(
      'New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).',
    );
  });
});

describe('updates unchanged since the previous period', () => {
  it('are update-unchanged warnings naming the earlier period, on the district’s own cell', () => {
    const model = seedModel();
    const unchanged = model.findings.filter((f) => f.rule === 'update-unchanged');
    expect(unchanged.map((f) => f.district).sort()).toEqual(['HBBC', 'NWLDC']);
    for (const finding of unchanged) {
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('10 October 2007');
      expect(finding.cell).toMatch(/^E\d+$/);
    }
    expect(model.unchanged.map((u) => [u.district, u.action, u.previousPeriod])).toEqual([
      ['HBBC', SPORTS_ACTION, '10 October 2007'],
      ['NWLDC', SPORTS_ACTION, '10 October 2007'],
    ]);
  });

  it('are not found when the update says something new', () => {
    const model = mergeReturns(
      {
        period: '2008-03',
        districts: buildSeedReturns('2008-03-19T16:30:00.000Z'),
        now: NOW,
        previous: {
          period: '2007-10',
          districts: buildSeedReturns('2007-10-09T10:00:00.000Z').map((r) => ({
            ...r,
            rows: r.rows.map((row) => ({ ...row, update: row.update === '' ? '' : `${row.update} Work started.` })),
          })),
        },
      },
      DEFAULT_CONFIG,
    );
    expect(model.unchanged).toEqual([]);
    expect(model.findings.some((f) => f.rule === 'update-unchanged')).toBe(false);
  });
});

describe("the coordinator's working copy", () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await load(seedModel(), WORKING);
  });

  it('keeps Summary, highlights, notes, Findings and All updates', () => {
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
    const s1 = workbook.getWorksheet('Stay safe')!.getCell('C4');
    expect((s1.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC000');
    expect(s1.note).toBeDefined();
  });

  it('counts and lists in its Summary what the board’s copy left out', () => {
    const summary = workbook.getWorksheet('Summary')!;
    const rows = (summary.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][]).map((r) => r.map(plain));
    expect(rows.find((r) => r[1] === 'Updates unchanged since the previous period')?.[2]).toBe(
      '2 (10 October 2007); 2 left out of the board’s copy, listed below',
    );
    const listed = rows.filter((r) => r[3] === '10 October 2007');
    expect(listed.map((r) => [r[1], r[2]!.split('\n')[0]])).toEqual([
      ['HBBC', `Enjoy and Achieve: ${SPORTS_ACTION}`],
      ['NWLDC', `Enjoy and Achieve: ${SPORTS_ACTION}`],
    ]);
  });

  it('shows the left-out update in its table, shaded with a note saying why', () => {
    const sports = workbook.getWorksheet('Enjoy and achieve')!;
    const row = bodyRows(sports, 3).find((r) => plain(r.getCell(4).value) === SPORTS_ACTION)!;
    const note = row.getCell(5).note as ExcelJS.Comment | string;
    const noteText = typeof note === 'string' ? note : note.texts!.map((t) => t.text).join('');
    expect(noteText).toBe('Left out of the board’s copy, unchanged since 10 October 2007: HBBC, NWLDC.');
  });

  it('sets every table row’s height from its longest cell in every sheet, in one font', () => {
    let checked = 0;
    for (const sheet of workbook.worksheets) {
      const widths = sheet.columns.map((c) => c.width ?? 9);
      const header = sheet.name === 'Summary' || sheet.name === 'Findings' || sheet.name === 'All updates' ? 1 : 3;
      for (const row of bodyRows(sheet, header)) {
        for (let c = 1; c <= widths.length; c++) {
          const cell = row.getCell(c);
          if (cell.value !== null) expect(cell.font?.name).toBe('Arial');
        }
        if (sheet.name === 'Summary') continue;
        const lines = Math.max(...widths.map((w, i) => linesNeeded(plain(row.getCell(i + 1).value), w)));
        expect(row.height).toBeGreaterThanOrEqual(lines * 12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
