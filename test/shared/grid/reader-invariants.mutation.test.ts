/**
 * The reader on any grid, stronger than "it does not throw": what it reads must make sense to
 * the officer. Rows come only from below a header, every finding names a cell the pane can
 * select, a row read is never a blank line, and after the add-in's check every
 * action row has its own Row ID.
 */
import fc from 'fast-check';
import { DEFAULT_CONFIG, RULES, checkReturn, parseCellAddress, parseSheet, type Finding } from '../../../shared';
import { checkGrid } from '../../../addin/check/check-grid';

const config = DEFAULT_CONFIG;

/** The "{name}" placeholders of the finding's rule template still in its message. */
function unfilledPlaceholders(finding: Finding): string[] {
  return [...RULES[finding.rule].message.matchAll(/\{\w+\}/g)].map((m) => m[0]).filter((placeholder) => finding.message.includes(placeholder));
}
const ID = '11111111-1111-4111-8111-111111111111';
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status', 'Row ID', 'Stay Safe', 'S1', 'CYP 8', 'SC7', 'At risk', 'Run JAG meetings', '', ID) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);
const header = fc.shuffledSubarray(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status', 'Row ID'], { minLength: 3 });
// A grid with a header somewhere (or none), rows of cells around it.
const sheet = fc
  .tuple(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }), fc.option(header), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }))
  .map(([above, head, below]) => (head ? [...above, head, ...below] : [...above, ...below]));

describe('the reader on any grid', () => {
  it('reads rows only below its header, never a blank line, and names a real cell in every finding', () => {
    fc.assert(
      fc.property(sheet, (values) => {
        const parsed = parseSheet({ name: 'Return', values }, config);
        if (parsed.header === null) expect(parsed.rows).toEqual([]);
        for (const row of parsed.rows) {
          expect(row.row).toBeGreaterThan(parsed.header!.row);
          expect(row.row).toBeLessThanOrEqual(values.length);
          // A row read is never a blank line of the sheet.
          expect((values[row.row - 1] ?? []).some((v) => v !== null && v !== '' && !(typeof v === 'string' && v.trim() === ''))).toBe(true);
        }
        const checked = checkReturn([{ name: 'Return', values }], config);
        for (const finding of checked.findings) {
          expect(finding.sheet).toBe('Return');
          const at = parseCellAddress(finding.cell);
          expect(at).not.toBeNull();
          expect(at!.row).toBeGreaterThanOrEqual(1);
          // The message's own placeholders are all filled ("{v0}" typed by an officer may stay).
          expect(unfilledPlaceholders(finding)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives every action row a Row ID of its own after the add-in’s check', () => {
    fc.assert(
      fc.property(sheet, (values) => {
        let n = 0;
        const check = checkGrid({ sheet: 'Return', sheetId: '{1}', values, rules: [], isProtected: false }, config, { newId: () => `new-${++n}` });
        const ids = check.rows.map((r) => r.id);
        expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });
});
