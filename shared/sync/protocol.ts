/**
 * The sync protocol between the add-in (or any client) and the service, as zod schemas.
 * Both sides parse with these, so a field means the same at each end.
 *
 * A client sends a batch of changes for one period; each names the row's UUID and the version
 * it last saw (`baseVersion`, 0 for a row the service has never stored). The service applies
 * the batch whole or not at all; a change whose baseVersion is stale comes back as a conflict
 * with the stored row. The same batchId sent again gets the first answer.
 */
import { z } from 'zod';
import { MAX_CELL_TEXT, Finding } from '../rules/rules';
import { RowStatus } from '../grid/types';
import { stripInvalidXml } from '../text/normalise';

export const PERIOD_ID = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_BATCH_CHANGES = 500;
export const MAX_LAA_REFS_PER_ROW = 50;

const tooLong = `is longer than the ${MAX_CELL_TEXT}-character cell limit`;
/**
 * The one clean-up every text field gets on the way in: Windows line breaks made plain, and
 * characters no workbook can hold (NUL and other control characters, lone surrogates) dropped,
 * so nothing stored can break a master later.
 */
export function cleanText(text: string): string {
  return stripInvalidXml(text.replace(/\r\n?/g, '\n'));
}
/** A short text field (an LAA ref, a sheet name): cleaned first, then trimmed and bounded. */
const ShortText = (max: number) => z.string().transform(cleanText).pipe(z.string().trim().max(max));
/**
 * Cell text as stored: Windows line breaks made plain, and characters no workbook can hold
 * (NUL and other control characters) dropped on the way in, so nothing stored can break a
 * master later.
 */
const CellText = z
  .string()
  // Excel's limit counts UTF-16 units (an emoji is two); zod's max counts characters.
  .refine((text) => text.length <= MAX_CELL_TEXT, tooLong)
  .transform(cleanText);

export const PeriodId = z.string().regex(PERIOD_ID, 'a period is YYYY-MM, e.g. 2008-03');
export const RowId = z.uuid({ message: 'a row id is a UUID' }).transform((id) => id.toLowerCase());

export const RowPayload = z
  .object({
    /** The outcome's name (or an alias or its code letter); the service stores the configuration's name. */
    outcome: z.string().trim().min(1, 'outcome is required').max(200),
    aim: CellText.default(''),
    laaRefs: z.array(ShortText(40).pipe(z.string().min(1))).max(MAX_LAA_REFS_PER_ROW).default([]),
    action: CellText,
    update: CellText.default(''),
    status: RowStatus.nullable().default(null),
    /** Where the row sits in the officer's workbook, so findings can name the cell. */
    sheet: ShortText(31).optional(),
    rowNumber: z.number().int().positive().max(1_048_576).optional(),
  })
  .strict();
export type RowPayload = z.infer<typeof RowPayload>;

export const RowChange = z
  .object({
    id: RowId,
    baseVersion: z.number().int().min(0),
    row: RowPayload,
  })
  .strict();
export const RowDeletion = z
  .object({
    id: RowId,
    baseVersion: z.number().int().min(0),
    deleted: z.literal(true),
  })
  .strict();
export const Change = z.union([RowChange, RowDeletion]);
export type Change = z.infer<typeof Change>;

export const SyncRequest = z
  .object({
    period: PeriodId,
    batchId: z.string().trim().min(8).max(100),
    changes: z.array(Change).min(1).max(MAX_BATCH_CHANGES),
  })
  .strict();
export type SyncRequest = z.infer<typeof SyncRequest>;

export const SyncResponse = z.object({
  applied: z.array(z.object({ id: z.string(), version: z.number().int() })),
  conflicts: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      /** The stored row; null when the service has it as deleted. */
      row: RowPayload.nullable(),
    }),
  ),
  findings: z.array(Finding),
});
export type SyncResponse = z.infer<typeof SyncResponse>;

export const StoredRow = z.object({
  id: z.string(),
  district: z.string(),
  period: z.string(),
  version: z.number().int(),
  deleted: z.boolean(),
  updatedAt: z.string(),
  row: RowPayload,
});
export type StoredRow = z.infer<typeof StoredRow>;

export const RowsResponse = z.object({ rows: z.array(StoredRow) });
export type RowsResponse = z.infer<typeof RowsResponse>;

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
