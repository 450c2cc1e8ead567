/**
 * The package reader at the level of what it hands the grid (SheetInput): packages other
 * writers make, what a person sees (formats, links, merges, hidden parts), and its bounds.
 * Each package is written by hand here so the condition under test is plain to read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type AppError, type SheetInput } from '../../../shared';
import { readReturnInProcess, readSheetsInProcess } from '../../../server/workbook/read-sheets';
import { MAX_MERGE_RANGES } from '../../../server/workbook/xlsx-sheet';
import { buildPackage, REL, SML, worksheetXml, type PackageSheet } from '../../support/zip';

const FIELD = join(__dirname, '..', '..', 'fixtures', 'field');
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** Inline-string cells with addresses, from column A. */
const row = (r: number, values: string[], attrs = '') =>
  `<row r="${r}"${attrs}>${values.map((v, i) => (v === '' ? '' : `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)).join('')}</row>`;
const sheet = (name: string, children: string, extra: Partial<PackageSheet> = {}): PackageSheet => ({ name, xml: worksheetXml(children), ...extra });
const gridRows = (...rows: string[][]) => [HEADER, ...rows].map((r, i) => row(i + 1, r)).join('');

async function refusal(data: Buffer): Promise<AppError> {
  try {
    await readSheetsInProcess(data);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('the package was read, but should have been refused');
}

function only(sheets: SheetInput[]): SheetInput {
  expect(sheets).toHaveLength(1);
  return sheets[0]!;
}

describe('the field returns (test/fixtures/field)', () => {
  const files = ['field-00-baseline', 'field-01-merged-laa-ref', 'field-03-x-prefix-openxml-sdk', 'field-07-hidden-old-sheet', 'field-08-bullets-in-laa-ref', 'field-10-header-progress-to-date', 'field-11-ni-refs'];

  it.each(files)('%s reads: a sheet with the header row and its actions', async (name) => {
    const { sheets } = await readSheetsInProcess(readFileSync(join(FIELD, `${name}.xlsx`)));
    const texts = sheets.flatMap((s) => s.values.flatMap((r) => (r ?? []).map(String)));
    expect(texts).toContain('Outcome');
    expect(texts.some((t) => /^(Actions|Key actions)$/i.test(t))).toBe(true);
  });

  it('field-03 (every part with the x: prefix, as the OpenXML SDK writes) is read, not called damaged: its two actions', async () => {
    const data = readFileSync(join(FIELD, 'field-03-x-prefix-openxml-sdk.xlsx'));
    const grid = only((await readSheetsInProcess(data)).sheets);
    expect(grid.name).toBe('Stay safe');
    const checked = await readReturnInProcess(data, DEFAULT_CONFIG);
    expect(checked.rows.map((r) => [r.laaRefs, r.action.slice(0, 30)])).toEqual([
      [['SC7'], 'A multi-agency approach to red'],
      [['CYP8'], 'Promote the safer routes to sc'],
    ]);
  });

  it("field-01's sheet carries its merges: LAA Ref C4:C5, Outcome A4:A6, Aim B4:B5", async () => {
    const grid = only((await readSheetsInProcess(readFileSync(join(FIELD, 'field-01-merged-laa-ref.xlsx')))).sheets);
    expect(grid.merges).toEqual(
      expect.arrayContaining([
        { top: 3, left: 2, bottom: 4, right: 2 },
        { top: 3, left: 0, bottom: 5, right: 0 },
        { top: 3, left: 1, bottom: 4, right: 1 },
      ]),
    );
    expect(grid.values[3]?.[2]).toMatch(/SC7\s+HC3/);
  });

  it("field-07's old sheet is passed with visibility Hidden, the return without any", async () => {
    const { sheets } = await readSheetsInProcess(readFileSync(join(FIELD, 'field-07-hidden-old-sheet.xlsx')));
    expect(sheets.map((s) => [s.name, s.visibility])).toEqual([
      ['Return Mar 08', undefined],
      ['Oct 07 (old)', 'Hidden'],
    ]);
  });
});

describe('valid packages from other writers', () => {
  it('reads parts whose SpreadsheetML elements carry a namespace prefix (x:), shared strings and styles too', async () => {
    const x = (inner: string) => inner.replace(/<(\/?)(?!\?)/g, '<$1x:');
    const data = buildPackage({
      sheets: [{ name: 'Return', xml: worksheetXml(x(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.25</v></c></row></sheetData>`), 'x') }],
      sharedStrings: `<x:sst xmlns:x="${SML}">${x('<si><t>Outcome</t></si>')}</x:sst>`,
      styles: `<x:styleSheet xmlns:x="${SML}">${x('<cellXfs><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs>')}</x:styleSheet>`,
      parts: { 'xl/workbook.xml': `<x:workbook xmlns:x="${SML}" xmlns:rel="${REL}"><x:sheets><x:sheet name="Return" sheetId="1" rel:id="rIdS1"/></x:sheets></x:workbook>` },
    });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['Outcome', '25%']);
  });

  it('places rows and cells that have no r attribute after the previous one', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData><row><c t="inlineStr"><is><t>a1</t></is></c><c t="inlineStr"><is><t>b1</t></is></c></row><row r="4"><c r="C4"><v>7</v></c><c><v>8</v></c></row><row><c t="inlineStr"><is><t>a5</t></is></c><c t="inlineStr"><v>b5 in v</v></c><c><is><t>c5 without t</t></is></c></row></sheetData>`)],
    });
    const { values } = only((await readSheetsInProcess(data)).sheets);
    expect(values[0]).toEqual(['a1', 'b1']);
    expect(values[3]).toEqual([undefined, undefined, '7', '8']);
    expect(values[4]).toEqual(['a5', 'b5 in v', 'c5 without t']);
  });

  it('places a row record without r where its cells say, when they do', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData><row><c r="A1" t="inlineStr"><is><t>a1</t></is></c></row><row hidden="1"><c r="B3" t="inlineStr"><is><t>b3</t></is></c></row><row><c t="inlineStr"><is><t>a4</t></is></c></row></sheetData>`)],
    });
    const grid = only((await readSheetsInProcess(data)).sheets);
    expect(grid.values[2]).toEqual([undefined, 'b3']);
    expect(grid.values[3]).toEqual(['a4']);
    expect(grid.hiddenRows).toEqual([2]);
  });

  it('joins the runs of rich inline and shared strings, leaves phonetic guides out, and decodes _x000D_', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>Stay </t></r><r><t xml:space="preserve">safe</t></r></is></c><c r="B1" t="s"><v>0</v></c></row></sheetData>`)],
      sharedStrings: `<sst xmlns="${SML}"><si><r><t>Line one_x000D_</t></r><r><t>\nLine two</t></r><rPh sb="0" eb="1"><t>ignored-phonetic</t></rPh><phoneticPr fontId="1"/></si></sst>`,
    });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['Stay safe', 'Line one\r\nLine two']);
  });

  it('reads strict Open XML (ISO/IEC 29500 strict namespaces) and absolute relationship targets', async () => {
    const STRICT = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
    const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
    const data = buildPackage({
      sheets: [{ name: 'Return', xml: `<worksheet xmlns="${STRICT}"><sheetData>${gridRows(['Stay safe', 'S2', 'SC7', 'An action', 'An update'])}<row r="3"><c r="A3" t="d" s="1"><v>2008-07-14T00:00:00</v></c></row></sheetData></worksheet>` }],
      styles: `<styleSheet xmlns="${STRICT}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
      parts: {
        '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${STRICT_REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
        'xl/workbook.xml': `<workbook xmlns="${STRICT}" xmlns:r="${STRICT_REL}"><sheets><sheet name="Return" sheetId="1" r:id="s1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${STRICT_REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="st" Type="${STRICT_REL}/styles" Target="/xl/styles.xml"/></Relationships>`,
      },
    });
    const { values } = only((await readSheetsInProcess(data)).sheets);
    expect(values[1]).toEqual(['Stay safe', 'S2', 'SC7', 'An action', 'An update']);
    expect(values[2]).toEqual(['14/07/2008']);
  });

  it.each([
    ['from the package root', (i: number) => `/xl/worksheets/sheet${i}.xml`],
    ['with a backslash', (i: number) => `worksheets\\sheet${i}.xml`],
    ['percent-encoded, through ..', (i: number) => `../xl/worksheets/%73heet${i}.xml`],
  ])('follows a worksheet target written %s', async (_, sheetTarget) => {
    const data = buildPackage({ sheets: [sheet('Return', `<sheetData>${row(1, ['Outcome'])}</sheetData>`)], sheetTarget });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['Outcome']);
  });

  it('finds parts whatever the case of their names (part names compare without case)', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData>${row(1, ['Outcome'])}</sheetData>`)],
      sheetTarget: () => 'Worksheets/SHEET1.xml',
    });
    const renamed = buildPackage({
      sheets: [sheet('Return', `<sheetData>${row(1, ['Outcome'])}</sheetData>`)],
      parts: { 'xl/workbook.xml': undefined, 'XL/Workbook.xml': `<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets><sheet name="Return" sheetId="1" r:id="rIdS1"/></sheets></workbook>` },
    });
    for (const file of [data, renamed]) expect(only((await readSheetsInProcess(file)).sheets).values[0]).toEqual(['Outcome']);
  });

  it('finds shared strings where Excel keeps them when a writer leaves out their relationship', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')],
      parts: { 'xl/sharedStrings.xml': `<sst xmlns="${SML}"><si><t>Outcome</t></si></sst>` },
    });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['Outcome']);
  });
});

describe('what a person sees', () => {
  it('passes hidden and very hidden sheets with their visibility, in tab order', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData>${row(1, ['a'])}</sheetData>`), sheet('Old', `<sheetData>${row(1, ['b'])}</sheetData>`, { state: 'hidden' }), sheet('Lists', `<sheetData>${row(1, ['c'])}</sheetData>`, { state: 'veryHidden' })],
    });
    const { sheets } = await readSheetsInProcess(data);
    expect(sheets.map((s) => [s.name, s.visibility, s.values[0]])).toEqual([
      ['Return', undefined, ['a']],
      ['Old', 'Hidden', ['b']],
      ['Lists', 'VeryHidden', ['c']],
    ]);
  });

  it('lists hidden rows and columns (0-based), a "hide to the end" column range cut at the grid width', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<cols><col min="2" max="2" width="0" hidden="1"/><col min="4" max="4" width="30"/><col min="7" max="16384" hidden="true"/></cols><sheetData>${row(1, ['a'])}${row(2, ['b'], ' hidden="1"')}${row(3, ['c'], ' hidden="0"')}${row(5, ['e'], ' hidden="true"')}</sheetData>`)],
    });
    const grid = only((await readSheetsInProcess(data)).sheets);
    expect(grid.hiddenRows).toEqual([1, 4]);
    expect(grid.hiddenColumns?.slice(0, 3)).toEqual([1, 6, 7]);
    expect(grid.hiddenColumns).toHaveLength(1 + 200 - 6);
  });

  it('shows numbers as their format does: a dd/mm/yyyy date, the built-in short date (UK), 1904 dates, a percentage, thousands', async () => {
    const styles = `<styleSheet xmlns="${SML}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="9"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
    const cells = `<sheetData><row r="1"><c r="A1" s="1"><v>39643</v></c><c r="B1" s="2"><v>39643</v></c><c r="C1" s="3"><v>0.45</v></c><c r="D1" s="4"><v>1234.5</v></c><c r="E1"><v>0.30000000000000004</v></c><c r="F1" t="b"><v>1</v></c></row></sheetData>`;
    const read = async (workbookPr?: string) => only((await readSheetsInProcess(buildPackage({ sheets: [sheet('Return', cells)], styles, workbookPr }))).sheets).values[0];
    expect(await read()).toEqual(['14/07/2008', '14/07/2008', '45%', '1,234.50', '0.3', 'TRUE']);
    expect((await read('<workbookPr date1904="1"/>'))?.slice(0, 2)).toEqual(['15/07/2012', '15/07/2012']);
  });

  it('shows the system long date and time formats ([$-F800], [$-x-systime]) as a UK system does; a value its format hides in General', async () => {
    const styles = `<styleSheet xmlns="${SML}"><numFmts><numFmt numFmtId="164" formatCode="[$-F800]dddd\,\ mmmm\ dd\,\ yyyy"/><numFmt numFmtId="165" formatCode="[$-x-systime]h:mm:ss\ AM/PM"/><numFmt numFmtId="166" formatCode="0;-0;;@"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>`;
    const cells = '<sheetData><row r="1"><c r="A1" s="1"><v>39643</v></c><c r="B1" s="2"><v>0.5451388888888889</v></c><c r="C1" s="3"><v>0</v></c></row></sheetData>';
    expect(only((await readSheetsInProcess(buildPackage({ sheets: [sheet('Return', cells)], styles }))).sheets).values[0]).toEqual(['14 July 2008', '13:05:00', '0']);
  });

  it('keeps a hyperlink address beside its text, once when the text already is the address', async () => {
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rL1" Type="${REL}/hyperlink" Target="https://example.org/yot" TargetMode="External"/><Relationship Id="rL2" Type="${REL}/hyperlink" Target="https://example.org/plan"/></Relationships>`;
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData>${row(1, ['YOT Impact Team', 'https://example.org/plan', 'See sheet'])}</sheetData><hyperlinks><hyperlink ref="A1" r:id="rL1"/><hyperlink ref="B1" r:id="rL2"/><hyperlink ref="C1" location="'Old'!A1"/></hyperlinks>`, { rels })],
    });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['YOT Impact Team (https://example.org/yot)', 'https://example.org/plan', 'See sheet']);
  });

  it('keeps the address of a HYPERLINK formula beside its saved text', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', '<sheetData><row r="1"><c r="A1" t="str"><f>HYPERLINK("https://example.org/plan","Plan")</f><v>Plan</v></c><c r="B1" t="str"><f>HYPERLINK(C1)</f><v>see C1</v></c></row></sheetData>')],
    });
    expect(only((await readSheetsInProcess(data)).sheets).values[0]).toEqual(['Plan (https://example.org/plan)', 'see C1']);
  });

  it('names a formula cell with no saved value in a finding instead of reading it silently as blank', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData>${row(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>Stay safe</t></is></c><c r="C2"><f>CONCAT("SC","7")</f></c><c r="D2" t="str"><f>""</f><v></v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row></sheetData>`)],
    });
    const { sheets, findings } = await readSheetsInProcess(data);
    expect(only(sheets).values[1]).toEqual(['Stay safe']);
    expect(findings.map((f) => [f.rule, f.severity, f.sheet, f.cell])).toEqual([
      ['formula-no-value', 'warning', 'Return', 'C2'],
      ['cell-error', 'warning', 'Return', 'E2'],
    ]);
    expect(findings[0]!.message).toMatch(/C2 holds a formula with no saved value.*open the file in Excel and save it/);
  });
});

describe('bounds and broken packages', () => {
  it('passes merges 0-based, clipped to the cells in use: a merge over the whole sheet costs nothing', async () => {
    const data = buildPackage({
      sheets: [sheet('Return', `<sheetData>${gridRows(['Stay safe', 'S2', 'SC7', 'An action', ''], ['', '', '', 'Another', ''])}</sheetData><mergeCells count="3"><mergeCell ref="C2:C3"/><mergeCell ref="A2:A1048576"/><mergeCell ref="G1:XFD1048576"/></mergeCells>`)],
    });
    expect(only((await readSheetsInProcess(data)).sheets).merges).toEqual([
      { top: 1, left: 2, bottom: 2, right: 2 },
      { top: 1, left: 0, bottom: 2, right: 0 },
    ]);
  });

  it(`refuses more than ${MAX_MERGE_RANGES.toLocaleString('en-GB')} merged ranges, and merges covering millions of cells, with a plain reason`, async () => {
    const many = Array.from({ length: MAX_MERGE_RANGES + 1 }, (_, i) => `<mergeCell ref="A${2 * i + 1}:B${2 * i + 1}"/>`).join('');
    const tooMany = await refusal(buildPackage({ sheets: [sheet('Return', `<sheetData>${row(1, ['a'])}</sheetData><mergeCells>${many}</mergeCells>`)] }));
    expect([tooMany.kind, tooMany.code]).toEqual(['too-large', 'too-many-merges']);
    expect(tooMany.message).toMatch(/more than 10,000 merged ranges.*Unmerge/);

    const corners = `<sheetData>${row(1, ['top left'])}<row r="50001"><c r="GR50001" t="inlineStr"><is><t>far</t></is></c></row></sheetData>`;
    const huge = await refusal(buildPackage({ sheets: [sheet('Return', `${corners}<mergeCells><mergeCell ref="A1:GR50001"/></mergeCells>`)] }));
    expect([huge.kind, huge.code]).toEqual(['too-large', 'merges-too-large']);
    expect(huge.message).toMatch(/cover more than 1,000,000 cells/);
  });

  it('refuses a sheet with more hyperlinks than a return could hold, rather than dropping their addresses', async () => {
    // Varied addresses, so the package does not compress like a bomb.
    const links = Array.from({ length: 50_001 }, (_, i) => `<hyperlink ref="A1" location="A${(i * 7919) % 100_003}"/>`).join('');
    const error = await refusal(buildPackage({ sheets: [sheet('Return', `<sheetData>${row(1, ['a'])}</sheetData><hyperlinks>${links}</hyperlinks>`)] }));
    expect([error.kind, error.code]).toEqual(['too-large', 'too-many-links']);
  });

  it('reads a row formatted to the last column (16,384 styled empty cells) without refusing it, keeping the grid width', async () => {
    const styled = `<c s="1"/>`.repeat(16_384);
    const data = buildPackage({ sheets: [sheet('Return', `<sheetData>${row(1, ['Outcome'])}<row r="2">${styled}</row><row r="3"><c r="GR3" t="inlineStr"><is><t>edge</t></is></c><c r="GS3" t="inlineStr"><is><t>past</t></is></c></row></sheetData>`)] });
    const { values } = only((await readSheetsInProcess(data)).sheets);
    expect(values[1]).toEqual([]);
    expect(values[2]).toHaveLength(200);
    expect(values[2]?.[199]).toBe('edge');
  });

  it('refuses any DOCTYPE (entity expansion, external entities) and calls only a broken package damaged', async () => {
    const doctype = await refusal(
      buildPackage({ sheets: [{ name: 'Return', xml: `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>` }] }),
    );
    expect([doctype.kind, doctype.code]).toEqual(['unreadable-workbook', 'doctype']);

    const notXml = await refusal(buildPackage({ sheets: [{ name: 'Return', xml: `<worksheet xmlns="${SML}"><sheetData><row>` }] }));
    expect(notXml.message).toMatch(/damaged: part "xl\/worksheets\/sheet1\.xml" is not well-formed XML/);
    const missing = await refusal(buildPackage({ sheets: [sheet('Return', '<sheetData/>')], parts: { 'xl/worksheets/sheet1.xml': undefined } }));
    expect(missing.message).toMatch(/damaged: part "xl\/worksheets\/sheet1\.xml" is missing/);
    const badIndex = await refusal(buildPackage({ sheets: [sheet('Return', '<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData>')], sharedStrings: `<sst xmlns="${SML}"><si><t>only</t></si></sst>` }));
    expect(badIndex.message).toMatch(/shared string 3, which is not there/);
  });
});
