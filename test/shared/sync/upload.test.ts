/**
 * The answer to an upload (shared/sync/upload.ts), as the officer's page parses it: what the page
 * shows must parse, and an answer the page cannot show (a conflict reason it has no words for, a
 * field it does not know) must be refused rather than shown wrong.
 */
import { UploadAnswer, UploadPlan, PlanRow, PlanConflict, ConflictReason } from '../../../shared/sync/upload';

const stored = { id: 'r1', district: 'HBBC', period: '2008-03', version: 2, deleted: false, updatedAt: '2008-03-20T10:00:00.000Z', row: { outcome: 'Stay safe', action: 'Run forums' } };
const planRow = { id: 'r1', outcome: 'Stay safe', action: 'Run forums', where: 'Return, row 7' };
const answer = {
  dryRun: true,
  confirmed: false,
  rows: [stored],
  findings: [{ rule: 'missing-laa-ref', severity: 'error', sheet: 'Return', cell: 'C7', message: 'Row 7 has an action but no LAA reference.' }],
  plan: {
    add: [planRow],
    change: [{ ...planRow, fields: ['update', 'status'] }],
    leave: [],
    delete: [{ ...planRow, where: null }],
    conflicts: [{ ...planRow, fields: ['update'], reason: 'both-changed', service: stored.row, workbook: null }],
  },
  summary: { inserted: 1, updated: 1, deleted: 0, unchanged: 0, conflicts: 1, notDeleted: 1 },
};

test('an answer as the service sends it parses, with a row\'s cells listed and none by default', () => {
  const parsed = UploadAnswer.parse(answer);
  expect(parsed.plan.add[0]!.fields).toEqual([]);
  expect(parsed.plan.change[0]!.fields).toEqual(['update', 'status']);
  expect(parsed.plan.delete[0]!.where).toBeNull();
  expect(parsed.plan.conflicts[0]).toMatchObject({ reason: 'both-changed', workbook: null, service: { outcome: 'Stay safe', action: 'Run forums', update: '', laaRefs: [] } });
});

test('every field a plan row can name, and every reason a conflict can give', () => {
  expect(PlanRow.parse({ ...planRow, fields: ['outcome', 'aim', 'laaRefs', 'action', 'update', 'status'] }).fields).toHaveLength(6);
  expect(PlanRow.safeParse({ ...planRow, fields: ['lead'] }).success).toBe(false);
  expect(ConflictReason.options).toEqual(['both-changed', 'changed-since-workbook', 'deleted-on-service', 'changed-on-service']);
  for (const reason of ConflictReason.options) expect(PlanConflict.safeParse({ ...planRow, reason, service: null, workbook: stored.row }).success).toBe(true);
  expect(PlanConflict.safeParse({ ...planRow, reason: 'other', service: null, workbook: null }).success).toBe(false);
});

test('a plan without one of its lists, or a summary with a fraction, is refused', () => {
  for (const list of ['add', 'change', 'leave', 'delete', 'conflicts'] as const) {
    const { [list]: _left, ...rest } = answer.plan;
    expect(UploadPlan.safeParse(rest).success).toBe(false);
  }
  expect(UploadAnswer.safeParse({ ...answer, summary: { ...answer.summary, inserted: 1.5 } }).success).toBe(false);
  expect(UploadAnswer.safeParse({ ...answer, summary: { ...answer.summary, notDeleted: undefined } }).success).toBe(false);
  expect(UploadAnswer.safeParse({ ...answer, rows: [{ ...stored, version: 'two' }] }).success).toBe(false);
});
