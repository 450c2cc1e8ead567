import fc from 'fast-check';
import { AppError, DEFAULT_CONFIG, MAX_MERGED_CELLS, MAX_MERGES, applyMerges, checkReturn, parseSheet, type SheetMerge } from '../../../shared';

const config = DEFAULT_CONFIG;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];
const TITLE = "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE";

describe('merged cells', () => {
  it('gives a merged LAA Ref, Outcome and Aim to every row they cover (field-01)', () => {
    const values = [
      [TITLE],
      ['(20 March 2008)'],
      HEADER,
      ['Stay safe', 'S4 Safe from crime and anti-social behaviour in and out of school', 'SC7\nHC3', 'A multi-agency approach to reduce anti-social behaviour', 'Links to the new YOT Impact Team are being developed.'],
      ['', '', '', 'Deliver the summer diversionary activities programme in the parks', 'Ran 14 sessions; 220 young people took part.'],
      ['', 'S2 Safe from accidental injury and death', 'CYP8', 'Promote the safer routes to school scheme with the county council', 'Two further schools joined the scheme this term.'],
    ];
    const merges = [
      { top: 3, left: 0, bottom: 5, right: 0 },
      { top: 3, left: 1, bottom: 4, right: 1 },
      { top: 3, left: 2, bottom: 4, right: 2 },
    ];
    const checked = checkReturn([{ name: 'Stay safe', values, merges }], config);
    expect(checked.rows.map((r) => [r.row, r.outcome, r.aimCode, r.laaRefs])).toEqual([
      [4, 'Stay safe', 'S4', ['SC7', 'HC3']],
      [5, 'Stay safe', 'S4', ['SC7', 'HC3']],
      [6, 'Stay safe', 'S2', ['CYP8']],
    ]);
    expect(checked.findings).toEqual([]);
  });

  it('ignores what the covered cells hold themselves (LibreOffice keeps hidden contents)', () => {
    const values = [HEADER, ['Stay safe', 'S4', 'SC7', 'First action', 'Update one'], ['Be healthy', 'H1', 'OLD1', 'Second action', 'Update two']];
    const merges = [0, 1, 2, 4].map((column) => ({ top: 1, left: column, bottom: 2, right: column }));
    const [, second] = checkReturn([{ name: 'R', values, merges }], config).rows;
    expect(second).toMatchObject({ outcome: 'Stay safe', aim: 'S4', laaRefs: ['SC7'], action: 'Second action', update: 'Update one' });
  });

  it('gives a block merged over several columns the top-left value in every cell', () => {
    const values = [HEADER, ['Stay safe', 'S4', 'SC7', 'An action', 'u']];
    const [row] = checkReturn([{ name: 'R', values, merges: [{ top: 1, left: 0, bottom: 1, right: 2 }] }], config).rows;
    expect(row).toMatchObject({ outcomeText: 'Stay safe', aim: 'Stay safe', laaRefsText: 'Stay safe' });
  });

  it('reads a merged Actions cell as the action of every row it covers', () => {
    const values = [HEADER, ['Stay safe', 'S4', 'SC7', 'Run the JAG', 'March'], ['Stay safe', 'S4', 'SC7', '', 'April']];
    const rows = checkReturn([{ name: 'R', values, merges: [{ top: 1, left: 3, bottom: 2, right: 3 }] }], config).rows;
    expect(rows.map((r) => [r.action, r.update])).toEqual([
      ['Run the JAG', 'March'],
      ['Run the JAG', 'April'],
    ]);
  });

  it('counts a title merged across the header\'s width once, so it still names the outcome', () => {
    const values = [[TITLE], HEADER, ['', 'S4', 'SC7', 'An action', 'u']];
    const rows = checkReturn([{ name: 'Sheet1', values, merges: [{ top: 0, left: 0, bottom: 0, right: 4 }] }], config).rows;
    expect(rows[0]?.outcome).toBe('Stay safe');
  });

  it('skips ranges that are not ranges, and never changes the caller\'s arrays', () => {
    const values = [['a', 'b'], ['c', 'd']];
    const odd = [
      { top: -1, left: 0, bottom: 1, right: 1 },
      { top: 1, left: 1, bottom: 0, right: 1 },
      { top: 0.5, left: 0, bottom: 1, right: 1 },
      { top: Number.NaN, left: 0, bottom: 1, right: 1 },
      { top: '0', left: 0, bottom: 1, right: 1 },
      null,
      { top: 0, left: 0, bottom: 0, right: 0 },
    ] as unknown as SheetMerge[];
    expect(applyMerges('S', values, odd)).toBe(values);
    const merged = applyMerges('S', values, [{ top: 0, left: 0, bottom: 1, right: 1 }]);
    expect(merged).toEqual([
      ['a', 'a'],
      ['a', 'a'],
    ]);
    expect(values).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('fills rows the values leave out, and clips a range to the grid\'s limits', () => {
    expect(applyMerges('S', [['x']], [{ top: 0, left: 0, bottom: 2, right: 1 }])).toEqual([
      ['x', 'x'],
      ['x', 'x'],
      ['x', 'x'],
    ]);
    const wide = applyMerges('S', [['x']], [{ top: 0, left: 0, bottom: 0, right: 16383 }]);
    expect(wide[0]).toHaveLength(200);
  });

  it('refuses more than MAX_MERGES ranges, or ranges covering more than MAX_MERGED_CELLS cells, with a clear error', () => {
    const many = Array.from({ length: MAX_MERGES + 1 }, (_, i) => ({ top: i, left: 0, bottom: i, right: 1 }));
    expect(() => checkReturn([{ name: 'Big', values: [HEADER], merges: many }], config)).toThrow(
      expect.objectContaining({ code: 'too-many-merges', kind: 'unreadable-workbook', message: `Sheet "Big" has ${MAX_MERGES + 1} merged ranges; at most ${MAX_MERGES} can be read.` }),
    );
    const whole = [{ top: 0, left: 0, bottom: 1_048_575, right: 16_383 }];
    let error: unknown;
    try {
      applyMerges('Huge', [HEADER], whole);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('Sheet "Huge" has merged ranges covering more than 1,000,000 cells; unmerge them and try again.');
    // Just under the limit is read.
    const rows = MAX_MERGED_CELLS / 200;
    expect(applyMerges('Fits', [['x']], [{ top: 0, left: 0, bottom: rows - 1, right: 199 }])).toHaveLength(rows);
  });

  const cell = fc.oneof(
    fc.constantFrom('', 'Stay safe', 'Be healthy', 'S4', 'H1', 'SC7', 'CYP8\nHC3', 'N/A', 'Run the JAG', 'Swim for all', 'Update', 'On track', 'Actions'),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.constant(null),
  );
  const grid = fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 12 });
  const range = fc.record({ top: fc.nat(12), left: fc.nat(5), height: fc.nat(3), width: fc.nat(2) });

  /** Keeps the ranges that fit the grid and overlap no earlier one, as Excel allows. */
  function disjoint(ranges: { top: number; left: number; height: number; width: number }[], rows: number): SheetMerge[] {
    const taken = new Set<string>();
    const kept: SheetMerge[] = [];
    for (const { top, left, height, width } of ranges) {
      const merge = { top: top + 1, left, bottom: Math.min(top + 1 + height, rows), right: Math.min(left + width, 5) };
      if (merge.top > rows) continue;
      const cells: string[] = [];
      for (let r = merge.top; r <= merge.bottom; r++) for (let c = merge.left; c <= merge.right; c++) cells.push(`${r}:${c}`);
      if (cells.some((k) => taken.has(k))) continue;
      cells.forEach((k) => taken.add(k));
      kept.push(merge);
    }
    return kept;
  }

  it('reads any grid with merged ranges as the same grid with the merged value written into every covered cell', () => {
    fc.assert(
      fc.property(grid, fc.array(range, { maxLength: 8 }), (body, ranges) => {
        const values: unknown[][] = [[...HEADER, 'Status'], ...body];
        const merges = disjoint(ranges, body.length);
        const written = values.map((row) => [...row]);
        for (const { top, left, bottom, right } of merges) {
          for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) written[r]![c] = values[top]![left];
        }
        const merged = checkReturn([{ name: 'Return', values, merges }], config);
        const plain = checkReturn([{ name: 'Return', values: written }], config);
        expect(merged).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what a person cannot see', () => {
  it('does not read a hidden sheet, and says so (field-07)', () => {
    const header = HEADER;
    const sheets = [
      { name: 'Return Mar 08', values: [[TITLE], header, ['Stay safe', 'S4', 'SC7', 'A multi-agency approach to reduce anti-social behaviour', 'March 2008: JAG meeting now monthly; YOT Impact Team linked.']] },
      {
        name: 'Oct 07 (old)',
        visibility: 'Hidden' as const,
        values: [
          [TITLE],
          header,
          ['Stay safe', 'S4', 'SC7', 'A multi-agency approach to reduce anti-social behaviour', 'October 2007: links to the YOT Impact Team are being developed.'],
          ['Stay safe', 'S2', 'CYP8', 'Promote the safer routes to school scheme', 'October 2007: scheme under review.'],
        ],
      },
    ];
    const checked = checkReturn(sheets, config);
    expect(checked.rows).toHaveLength(1);
    expect(checked.rows[0]?.update.startsWith('March 2008')).toBe(true);
    expect(checked.sheetsWithGrid).toEqual(['Return Mar 08']);
    expect(checked.findings).toEqual([
      {
        rule: 'hidden-sheet',
        severity: 'info',
        sheet: 'Oct 07 (old)',
        cell: 'A1',
        message: 'Sheet "Oct 07 (old)" is hidden in Excel, so it was not read as part of the return. Unhide it if it holds this period\'s return.',
      },
    ]);
  });

  it('does not read a very hidden sheet either, and reads a sheet said to be visible', () => {
    const values = [HEADER, ['Stay safe', 'S4', 'SC7', 'An action', 'u']];
    const checked = checkReturn(
      [
        { name: 'Macro data', visibility: 'VeryHidden', values },
        { name: 'Return', visibility: 'Visible', values },
      ],
      config,
    );
    expect(checked.rows.map((r) => r.sheet)).toEqual(['Return']);
    expect(checked.findings.map((f) => [f.rule, f.message])).toEqual([
      ['hidden-sheet', 'Sheet "Macro data" is very hidden in Excel, so it was not read as part of the return. Unhide it if it holds this period\'s return.'],
    ]);
  });

  it('reads hidden rows but names those that hold actions', () => {
    const values = [HEADER, ['Stay safe', 'S4', 'SC7', 'First', 'u'], [], ['Stay safe', 'S4', 'SC7', 'Second', 'u'], ['Stay safe', 'S4', 'SC7', 'Third', 'u']];
    const checked = checkReturn([{ name: 'Return', values, hiddenRows: [2, 3, 4, -1, 99, 2.5] }], config);
    expect(checked.rows.map((r) => r.action)).toEqual(['First', 'Second', 'Third']);
    expect(checked.findings).toEqual([
      {
        rule: 'hidden-rows',
        severity: 'info',
        sheet: 'Return',
        cell: 'D4',
        message: '2 hidden row(s) of sheet "Return" hold actions and were read as part of the return: rows 4, 5. Unhide them to check them, or delete them if they are not meant to be sent.',
      },
    ]);
  });

  it('lists at most twenty hidden rows by number', () => {
    const values = [HEADER, ...Array.from({ length: 25 }, (_, i) => ['Stay safe', 'S4', 'SC7', `Action ${i}`, 'u'])];
    const hiddenRows = Array.from({ length: 25 }, (_, i) => i + 1);
    const finding = checkReturn([{ name: 'R', values, hiddenRows }], config).findings.find((f) => f.rule === 'hidden-rows');
    expect(finding?.message).toContain('25 hidden row(s)');
    expect(finding?.message).toContain('rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 and 5 more.');
  });

  it('says nothing of hidden rows that hold no action', () => {
    const values = [['Notes'], HEADER, [], ['Stay safe', 'S4', 'SC7', 'An action', 'u']];
    expect(checkReturn([{ name: 'R', values, hiddenRows: [0, 2] }], config).findings).toEqual([]);
  });

  it('reads hidden columns with text and names them; the Row ID column and empty ones go unmentioned', () => {
    const id = '3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11';
    const values = [
      ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Progress to date', 'Lead officer', 'Notes', 'Row ID'],
      ['Stay safe', 'S4', 'SC7', 'An action', 'Done', 'J. Smith', '', id],
    ];
    const checked = checkReturn([{ name: 'R', values, hiddenColumns: [1, 5, 6, 7, 300] }], config);
    expect(checked.rows[0]).toMatchObject({ aim: 'S4', update: 'Done', id, extra: { 'Lead officer': 'J. Smith' } });
    expect(checked.findings).toEqual([
      {
        rule: 'hidden-columns',
        severity: 'info',
        sheet: 'R',
        cell: 'B1',
        message: 'Hidden column(s) of sheet "R" were read as part of the return: B (Aim), F (Lead officer). Unhide them to check them, or delete them if they are not meant to be sent.',
      },
    ]);
  });

  it('says nothing of hidden columns the grid did not read from', () => {
    const values = [HEADER, ['Stay safe', '', 'SC7', 'An action', 'u']];
    expect(parseSheet({ name: 'R', values, hiddenColumns: [1, 9] }, config).findings).toEqual([]);
  });
});
