/**
 * The answer to POST /returns (an uploaded workbook), as a zod schema the service builds and the
 * officer's page parses. The plan names each row by its outcome and action, the words the officer
 * sees in the workbook; rows are keyed by their id so the page can show a row's cells.
 */
import { z } from 'zod';
import { Finding } from '../rules/rules';
import { RowPayload, StoredRow } from './protocol';

export const PlanFields = z.array(z.enum(['outcome', 'aim', 'laaRefs', 'action', 'update', 'status']));

/** One row of the plan: which row, where in the workbook, and for changes and conflicts which cells. */
export const PlanRow = z.object({
  id: z.string(),
  outcome: z.string(),
  action: z.string(),
  /** Where the row sits in the workbook (`Return, row 7`); null when the workbook does not have it. */
  where: z.string().nullable(),
  /** For a change: the cells taken from the workbook; for a conflict: the cells both sides changed. */
  fields: PlanFields.default([]),
});
export type PlanRow = z.infer<typeof PlanRow>;

/** Why a row could not be applied (server/store/upload-plan.ts gives the rules). */
export const ConflictReason = z.enum(['both-changed', 'changed-since-workbook', 'deleted-on-service', 'changed-on-service']);

export const PlanConflict = PlanRow.extend({
  reason: ConflictReason,
  /** The row as the service has it (null: deleted there) and as the workbook has it (null: not in it). */
  service: RowPayload.nullable(),
  workbook: RowPayload.nullable(),
});
export type PlanConflict = z.infer<typeof PlanConflict>;

export const UploadPlan = z.object({
  add: z.array(PlanRow),
  change: z.array(PlanRow),
  leave: z.array(PlanRow),
  /** Rows the workbook no longer has: deleted only with `confirm=1`. */
  delete: z.array(PlanRow),
  /** Rows not applied because the service has a newer edit. */
  conflicts: z.array(PlanConflict),
});
export type UploadPlan = z.infer<typeof UploadPlan>;

export const UploadAnswer = z.object({
  dryRun: z.boolean(),
  /** True when the plan's deletions were applied (`confirm=1`). */
  confirmed: z.boolean(),
  /** The district's live rows after the upload (or as they would be after a dry run). */
  rows: z.array(StoredRow),
  findings: z.array(Finding),
  plan: UploadPlan,
  summary: z.object({
    inserted: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
    /** Deletions listed but not applied (no confirmation). */
    notDeleted: z.number().int(),
  }),
});
export type UploadAnswer = z.infer<typeof UploadAnswer>;
