/**
 * findUnchangedUpdates: the rule the officer's check and the master share for an update repeated
 * from the district's previous period (seed 001 §3.4).
 */
import { findUnchangedUpdates, indexPreviousUpdates } from '../../../shared/merge';
import { makeGridRow } from '../../support/grid-row';

const names = { district: 'NWLDC', previousPeriod: '20 March 2008' };
const last = indexPreviousUpdates([
  makeGridRow({ action: 'Multi agency JAG meetings', update: 'JAG meets monthly to address anti-social behaviour.' }),
  makeGridRow({ outcome: 'Be healthy', outcomeCode: 'H', action: 'Healthy schools', update: 'Six schools signed up.' }),
  // Rows that say nothing are never compared.
  makeGridRow({ action: 'Blank update', update: '   ' }),
  makeGridRow({ outcomeCode: null, action: 'No outcome', update: 'Said before.' }),
  makeGridRow({ action: '  ', update: 'An update with no action.' }),
  makeGridRow({ action: '-', update: 'A dash for an action.' }),
]);

test('the same update on the same action, case, spacing and punctuation aside, is unchanged: the finding names the cell, the row, the district and the period', () => {
  const row = makeGridRow({ row: 9, id: 'row-9', action: 'multi agency  JAG meetings', update: 'JAG meets monthly, to address anti-social behaviour', cells: { update: 'E9' } });
  expect(findUnchangedUpdates([row], last, names)).toEqual([
    {
      rule: 'update-unchanged',
      severity: 'warning',
      sheet: 'Return',
      cell: 'E9',
      rowId: 'row-9',
      message: "This update is the same as NWLDC's update on this action for 20 March 2008, so it is left out of the board's copy. Say what is new this period.",
    },
  ]);
});

test('new words, another action, another outcome, an empty update or an update with no action are not unchanged', () => {
  const rows = [
    makeGridRow({ action: 'Multi agency JAG meetings', update: 'JAG met twice; hotspots down by a third.' }),
    makeGridRow({ action: 'Youth forum', update: 'JAG meets monthly to address anti-social behaviour.' }),
    makeGridRow({ outcome: 'Be healthy', outcomeCode: 'H', action: 'Multi agency JAG meetings', update: 'JAG meets monthly to address anti-social behaviour.' }),
    makeGridRow({ action: 'Blank update', update: '' }),
    makeGridRow({ outcomeCode: null, action: 'No outcome', update: 'Said before.' }),
    makeGridRow({ action: ' ', update: 'An update with no action.' }),
    makeGridRow({ action: '', update: 'A dash for an action.' }),
  ];
  expect(findUnchangedUpdates(rows, last, names)).toEqual([]);
});

test('without a cell address the finding names the row; with nothing from last period there is nothing to repeat', () => {
  const row = makeGridRow({ row: 12, action: 'Healthy schools', outcome: 'Be healthy', outcomeCode: 'H', update: 'six schools signed up' });
  expect(findUnchangedUpdates([row], last, names).map((f) => f.cell)).toEqual(['A12']);
  expect(findUnchangedUpdates([row], indexPreviousUpdates([]), names)).toEqual([]);
});
