import type { RowPayload, StoredRow } from '../../shared';
import { nextBase, planUpload, type PlanEntry } from '../../server/store/upload-plan';

function payload(overrides: Partial<RowPayload> = {}): RowPayload {
  return { outcome: 'Stay safe', aim: 'S1', laaRefs: ['SC7'], action: 'JAG meetings', update: 'Monthly.', status: null, ...overrides };
}
function stored(id: string, row: RowPayload, extra: Partial<StoredRow> = {}): StoredRow {
  return { id, district: 'HDC', period: '2008-03', version: 1, deleted: false, updatedAt: '2008-03-01T00:00:00.000Z', row, ...extra };
}
let counter = 0;
const newId = () => `new-${++counter}`;
const kinds = (plan: PlanEntry[]) => plan.map((e) => e.kind);

test('a cell only the workbook changed since the base is taken; a cell only the service changed is kept', () => {
  const base = payload();
  const onService = payload({ aim: 'S2' });
  const inWorkbook = payload({ update: 'Fortnightly.' });
  const plan = planUpload([stored('a', onService)], [{ id: null, row: inWorkbook }], new Map([['a', base]]), newId);
  expect(plan).toEqual([expect.objectContaining({ kind: 'change', fields: ['update'], row: expect.objectContaining({ aim: 'S2', update: 'Fortnightly.' }) })]);
});

test('a stale workbook (unchanged since the base) leaves the service\'s newer edit alone', () => {
  const base = payload();
  const plan = planUpload([stored('a', payload({ update: 'Edited in the add-in.' }))], [{ id: 'a', row: base }], new Map([['a', base]]), newId);
  expect(plan).toEqual([expect.objectContaining({ kind: 'leave', isServiceNewer: true })]);
});

test('a cell both sides changed differently is a conflict, and the row is not changed', () => {
  const base = payload();
  const plan = planUpload(
    [stored('a', payload({ update: 'Add-in text.' }))],
    [{ id: null, row: payload({ update: 'Workbook text.' }) }],
    new Map([['a', base]]),
    newId,
  );
  expect(plan).toEqual([expect.objectContaining({ kind: 'conflict', reason: 'both-changed', fields: ['update'] })]);
});

test('a row the add-in reworded still matches through the base\'s outcome + action', () => {
  const base = payload();
  const plan = planUpload([stored('a', payload({ action: 'JAG meetings, monthly' }))], [{ id: null, row: base }], new Map([['a', base]]), newId);
  expect(kinds(plan)).toEqual(['leave']);
});

test('with no base, a row that differs from the stored one is a conflict, not an overwrite', () => {
  const plan = planUpload([stored('a', payload({ update: 'Add-in.' }))], [{ id: 'a', row: payload() }], new Map(), newId);
  expect(plan).toEqual([expect.objectContaining({ kind: 'conflict', reason: 'changed-on-service' })]);
});

test('rows the workbook lacks are deletions to confirm; one edited since the base is a conflict instead', () => {
  const base = new Map([['a', payload()], ['b', payload({ action: 'Swimming' })]]);
  const existing = [
    stored('a', payload()),
    stored('b', payload({ action: 'Swimming', update: 'Edited since.' })),
    stored('c', payload({ action: 'Made in the add-in' })),
  ];
  const plan = planUpload(existing, [{ id: null, row: payload() }], base, newId);
  expect(plan.map((e) => [e.kind, 'existing' in e ? e.existing.id : ''])).toEqual([
    ['leave', 'a'],
    ['conflict', 'b'],
    ['delete', 'c'],
  ]);
});

test('a row deleted on the service stays deleted unless the workbook changed it', () => {
  const base = new Map([['a', payload()]]);
  const existing = [stored('a', payload(), { deleted: true, version: 2 })];
  expect(kinds(planUpload(existing, [{ id: 'a', row: payload() }], base, newId))).toEqual(['leave']);
  expect(planUpload(existing, [{ id: 'a', row: payload({ update: 'More.' }) }], base, newId)).toEqual([
    expect.objectContaining({ kind: 'conflict', reason: 'deleted-on-service' }),
  ]);
});

test('new rows keep an unused Row ID, else get a fresh one', () => {
  const plan = planUpload([stored('a', payload())], [{ id: 'z', row: payload({ action: 'New' }) }, { id: 'a', row: payload() }, { id: 'z', row: payload({ action: 'Other' }) }], new Map(), newId);
  expect(plan.map((e) => (e.kind === 'add' ? e.id : e.kind))).toEqual(['z', 'leave', expect.stringMatching(/^new-/)]);
});

test('the next base is the workbook for stored rows, the old base for conflicts, and drops confirmed deletions', () => {
  const base = new Map([['a', payload()], ['b', payload({ action: 'B' })], ['c', payload({ action: 'C' })]]);
  const existing = [stored('a', payload()), stored('b', payload({ action: 'B', update: 'Service.' })), stored('c', payload({ action: 'C' }))];
  const incoming = [
    { id: 'a', row: payload({ update: 'New.' }) },
    { id: 'b', row: payload({ action: 'B', update: 'Workbook.' }) },
  ];
  const plan = planUpload(existing, incoming, base, newId);
  expect(kinds(plan)).toEqual(['change', 'conflict', 'delete']);
  const kept = nextBase(base, plan, false);
  expect(kept.get('a')?.update).toBe('New.');
  expect(kept.get('b')).toEqual(base.get('b'));
  expect(kept.has('c')).toBe(true);
  expect(nextBase(base, plan, true).has('c')).toBe(false);
});
