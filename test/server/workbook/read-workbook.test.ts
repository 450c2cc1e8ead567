import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, type AppError } from '../../../shared';
import { readReturnWorkbook } from '../../../server/workbook/read-workbook';
import { makeSeedWorkbook } from '../../support/make-seed-workbook';
import { dataValidationExplosion, lyingBomb, mergeAndDimensionClaims, smallReturn, tooManyRows, zipBomb } from '../../support/hostile-workbooks';
import { minimalXlsxParts, writeZip, writeZip64, xmlRow } from '../../support/zip';

const read = (data: Buffer) => readReturnWorkbook(data, DEFAULT_CONFIG);
const refusal = async (data: Buffer): Promise<AppError> => {
  try {
    await read(data);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('the workbook was read, but should have been refused');
};

describe('reading a return workbook', () => {
  it.each(['sheet-per-outcome', 'one-sheet'] as const)('reads the March 2008 appendix typed into Excel (%s): 18 actions, three blank LAA refs', async (layout) => {
    const checked = await read(await makeSeedWorkbook(layout));
    expect(checked.rows).toHaveLength(18);
    const missing = checked.findings.filter((f) => f.rule === 'missing-laa-ref');
    expect(missing).toHaveLength(3);
    // Merged Outcome/Aim cells are read once and carried down.
    const continuation = checked.rows.find((r) => r.action.startsWith('Work towards equality standards'));
    expect(continuation).toMatchObject({ outcome: 'Stay safe', aimCode: 'S2', laaRefs: ['CYP7'] });
  });

  it('makes every cell the text Excel shows: rich text, formula results, hyperlinks with their address, dates as formatted, errors', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Return');
    sheet.addRow(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Reviewed']);
    sheet.addRow([
      { richText: [{ text: 'Stay ', font: { bold: true } }, { text: 'Safe' }] },
      'S2',
      { formula: 'CONCAT("SC","7")', result: 'SC7' },
      { text: 'Diversionary activities', hyperlink: 'https://example.org/plan' },
      'Line one\r\nLine two café',
      new Date(Date.UTC(2008, 2, 20)),
    ]);
    sheet.addRow(['Stay Safe', 'S2', { formula: '1/0', result: { error: '#DIV/0!' } }, 'Second action', 'u']);
    const checked = await read(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(checked.rows[0]).toMatchObject({
      outcome: 'Stay safe',
      laaRefs: ['SC7'],
      action: 'Diversionary activities (https://example.org/plan)',
      update: 'Line one\nLine two café',
      // exceljs writes a Date with the built-in short date (id 14), which a UK Excel shows so.
      extra: { Reviewed: '20/03/2008' },
    });
    expect(checked.rows[0]!.update).toBe('Line one\nLine two café'.normalize('NFC'));
    const error = checked.findings.find((f) => f.rule === 'cell-error');
    expect(error).toMatchObject({ sheet: 'Return', cell: 'C3' });
    expect(error?.message).toMatch(/#DIV\/0!/);
    expect(checked.findings.find((f) => f.rule === 'missing-laa-ref')?.cell).toBe('C3');
  });

  it('does not expand data validation or merge ranges that cover the whole sheet', async () => {
    for (const file of [dataValidationExplosion(), mergeAndDimensionClaims()]) {
      const checked = await read(file);
      expect(checked.rows.map((r) => r.action)).toEqual(['An action']);
    }
  });

  it('refuses a file that is not a workbook, naming what it is', async () => {
    expect((await refusal(Buffer.from('Outcome,Aim,LAA Ref\nStay Safe,S1,SC7\n'))).message).toMatch(/not an Excel workbook/);
    const ole = Buffer.alloc(512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    expect((await refusal(ole)).message).toMatch(/old-style \.xls .*password-protected/);
    expect((await refusal(Buffer.alloc(0))).message).toMatch(/empty/);
    const notXlsx = writeZip([{ name: 'readme.txt', data: Buffer.from('hello') }]);
    expect((await refusal(notXlsx)).message).toMatch(/no workbook part/);
  });

  it('reads a package with ZIP64 records, as Apache POI writes even small files, and holds its 64-bit sizes to the same limits', async () => {
    const parts = minimalXlsxParts(xmlRow(1, ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']) + xmlRow(2, ['Stay safe', 'S2', 'SC7', 'An action', 'An update']));
    expect((await read(writeZip64(parts))).rows.map((r) => [r.laaRefs, r.action])).toEqual([[['SC7'], 'An action']]);

    const claimsTooMuch = writeZip64(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, declaredSize: 5 * 2 ** 32 } : p)));
    const error = await refusal(claimsTooMuch);
    expect([error.kind, error.code]).toEqual(['too-large', 'part-too-large']);
    expect(error.message).toMatch(/unpacks to 20480\.0 MB/);
  });

  it('refuses a truncated workbook', async () => {
    const whole = await makeSeedWorkbook('one-sheet');
    for (const cut of [0.5, 0.9, 0.99]) {
      const error = await refusal(whole.subarray(0, Math.floor(whole.length * cut)));
      expect(error.kind).toBe('unreadable-workbook');
      expect(error.message).toMatch(/damaged or incomplete/);
    }
  });

  it('refuses a workbook with no grid', async () => {
    const notes = writeZip(minimalXlsxParts(xmlRow(1, ['Notes for the return']) + xmlRow(2, ['Nothing here'])));
    const error = await refusal(notes);
    expect(error.code).toBe('no-grid');
    expect(error.message).toMatch(/No return grid found/);
  });

  it('refuses a 300 KB zip bomb from its directory, within seconds', async () => {
    const bomb = zipBomb(300);
    expect(bomb.length).toBeLessThan(600 * 1024);
    const started = Date.now();
    const error = await refusal(bomb);
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/unpacks to 300\.0 MB/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('names a formula with no saved value in the checked return, beside the finding it causes', async () => {
    const formula = '<row r="2"><c r="A2" t="inlineStr"><is><t>Stay safe</t></is></c><c r="C2"><f>VLOOKUP(D2,Refs!A:B,2,FALSE)</f></c><c r="D2" t="inlineStr"><is><t>An action</t></is></c></row>';
    const checked = await read(writeZip(minimalXlsxParts(xmlRow(1, ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']) + formula)));
    expect(checked.findings.filter((f) => f.cell === 'C2').map((f) => f.rule).sort()).toEqual(['formula-no-value', 'missing-laa-ref']);
  });

  it('refuses a bomb before it takes a reading slot, even when every slot is busy', async () => {
    const queued = Array.from({ length: 10 }, () => read(smallReturn()));
    const error = await refusal(zipBomb(100));
    expect(error.code).toBe('part-too-large');
    await Promise.all(queued);
  });

  it('refuses a package that lies about its sizes', async () => {
    const error = await refusal(lyingBomb());
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/more than it declares/);
  });

  it('refuses a sheet with more rows than a return may have', async () => {
    const error = await refusal(tooManyRows());
    expect(error.kind).toBe('too-large');
  });

  it('reads the next file normally after refusing a hostile one', async () => {
    await refusal(zipBomb(100));
    expect((await read(smallReturn())).rows).toHaveLength(1);
  });
});

describe('reading many workbooks at once', () => {
  it('reads two at a time, queues a few, and turns the rest away with a reason instead of holding them in memory', async () => {
    const file = smallReturn();
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => read(file)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r.reason as AppError).code).toBe('readers-busy');
    expect((await read(file)).rows).toHaveLength(1);
  });
});
