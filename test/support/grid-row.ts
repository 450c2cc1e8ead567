/**
 * A read grid row for tests of the merge and the rules: a Stay safe action under S1 citing SC7
 * on sheet "Return", row 5, with no update; a test gives what it is about.
 */
import type { GridRow } from '../../shared';

export function makeGridRow(partial: Partial<GridRow> = {}): GridRow {
  return {
    sheet: 'Return',
    row: 5,
    id: null,
    outcome: 'Stay safe',
    outcomeCode: 'S',
    outcomeText: 'Stay safe',
    aim: 'S1',
    aimCode: 'S1',
    laaRefs: ['SC7'],
    laaRefsText: 'SC7',
    action: '',
    update: '',
    status: null,
    statusText: '',
    extra: {},
    cells: {},
    ...partial,
  };
}
