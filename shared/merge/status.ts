/**
 * What the coordinator's page shows per district: rows, last sync, findings and the actions
 * missing an LAA ref. One schema, parsed by the page and built here from the same merge the
 * workbook uses, so the page and the download never disagree.
 */
import { z } from 'zod';
import type { PartnershipConfig } from '../config/schema';
import { gridRowFromPayload } from '../grid/from-payload';
import { Finding } from '../rules/rules';
import type { StoredRow } from '../sync/protocol';
import { mergeReturns } from './merge-returns';
import type { DistrictReturn, MergeInput } from './types';

/** The page lists at most this many findings per district; the workbook has them all. */
export const MAX_STATUS_FINDINGS = 200;

export const MissingRefAction = z.object({ outcome: z.string(), action: z.string(), update: z.string(), cell: z.string() });
export type MissingRefAction = z.infer<typeof MissingRefAction>;

export const DistrictStatus = z.object({
  code: z.string(),
  name: z.string(),
  rows: z.number().int().min(0),
  rowsWithUpdate: z.number().int().min(0),
  lastSync: z.string().nullable(),
  hasReturned: z.boolean(),
  findingCount: z.number().int().min(0),
  findings: z.array(Finding),
  missingLaaRefs: z.number().int().min(0),
  missingRefActions: z.array(MissingRefAction),
});
export type DistrictStatus = z.infer<typeof DistrictStatus>;

export const MasterStatus = z.object({
  partnership: z.string(),
  period: z.object({ id: z.string(), label: z.string() }),
  madeAt: z.string(),
  /** Master rows: actions with an update from at least one district. */
  actions: z.number().int().min(0),
  districts: z.array(DistrictStatus),
});
export type MasterStatus = z.infer<typeof MasterStatus>;

export interface Activity {
  district: string;
  lastSync: string | null;
}

/** The stored rows of a period as district returns, with each district's last sync. */
export function districtReturnsFromStored(
  rows: readonly StoredRow[],
  activity: readonly Activity[],
  config: PartnershipConfig,
): DistrictReturn[] {
  const byDistrict = new Map<string, DistrictReturn & { rows: ReturnType<typeof gridRowFromPayload>[] }>();
  for (const entry of activity) {
    byDistrict.set(entry.district, { district: entry.district, rows: [], lastSync: entry.lastSync });
  }
  for (const stored of rows) {
    if (stored.deleted) continue;
    let entry = byDistrict.get(stored.district);
    if (!entry) {
      entry = { district: stored.district, rows: [], lastSync: null };
      byDistrict.set(stored.district, entry);
    }
    entry.rows.push(gridRowFromPayload(stored.row, stored.id, config));
  }
  return [...byDistrict.values()];
}

export function buildMasterStatus(input: MergeInput, config: PartnershipConfig): MasterStatus {
  const model = mergeReturns(input, config);
  const missing = new Map<string, MissingRefAction[]>();
  for (const { district, rows } of input.districts) {
    const list = missing.get(district) ?? [];
    for (const row of rows) {
      if (row.action.trim() === '' || row.laaRefs.length > 0) continue;
      list.push({
        outcome: row.outcome ?? row.outcomeText,
        action: row.action.trim(),
        update: row.update.trim(),
        cell: row.cells.laaRef ?? '',
      });
    }
    missing.set(district, list);
  }
  const findings = new Map<string, Finding[]>();
  for (const { district, ...finding } of model.findings) {
    const list = findings.get(district) ?? [];
    if (list.length < MAX_STATUS_FINDINGS) list.push(finding);
    findings.set(district, list);
  }
  return {
    partnership: model.partnership,
    period: model.period,
    madeAt: model.madeAt,
    actions: model.outcomes.reduce((n, o) => n + o.rows.length, 0),
    districts: model.districts.map((d) => ({
      code: d.code,
      name: d.name,
      rows: d.rows,
      rowsWithUpdate: d.rowsWithUpdate,
      lastSync: d.lastSync,
      hasReturned: d.hasReturned,
      findingCount: d.findings,
      findings: findings.get(d.code) ?? [],
      missingLaaRefs: d.missingLaaRefs,
      missingRefActions: missing.get(d.code) ?? [],
    })),
  };
}
