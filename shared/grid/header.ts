/**
 * Finding the header row of a return.
 * Rules:
 * - a header row names the Actions column and at least two of Outcome, Aim, LAA Ref and
 *   District Update, in any order and any case ("LAA Reference", "LAA ref.", "Action",
 *   "Update", "District/Borough update");
 * - other labelled columns are kept as extra columns, never fatal;
 * - an optional Status column and the add-in's Row ID column are recognised.
 */
import { comparisonKey } from '../text/normalise';

export const GridField = ['outcome', 'aim', 'laaRef', 'action', 'update', 'status', 'id'] as const;
export type GridField = (typeof GridField)[number];

/** The header labels the add-in writes when it starts a return. */
export const HEADER_LABELS: Record<GridField, string> = {
  outcome: 'Outcome',
  aim: 'Aim',
  laaRef: 'LAA Ref',
  action: 'Actions',
  update: 'District Update',
  status: 'Status',
  id: 'Row ID',
};

const EXACT = new Map<string, GridField>();
const add = (field: GridField, ...labels: string[]) => labels.forEach((label) => EXACT.set(label, field));
add('outcome', 'outcome', 'outcomes', 'ecm outcome', 'every child matters outcome');
add('aim', 'aim', 'aims', 'ecm aim', 'aim code');
add('laaRef', 'laa', 'laa ref', 'laa refs', 'laa reference', 'laa references', 'laa ref no', 'laa indicator', 'laa indicators', 'laa target', 'ni ref', 'indicator', 'indicators');
add('action', 'action', 'actions', 'agreed action', 'agreed actions', 'action s');
add('update', 'update', 'updates', 'district update', 'district updates', 'borough update', 'district borough update', 'progress', 'progress update', 'update on progress');
add('status', 'status', 'rag', 'rag status', 'progress status');
add('id', 'id', 'row id', 'district returns id');

/** The field a header cell names, or undefined. */
export function headerField(label: string): GridField | undefined {
  const key = comparisonKey(label);
  if (key === '' || key.length > 60) return undefined;
  const exact = EXACT.get(key);
  if (exact) return exact;
  const words = key.split(' ');
  if (words.includes('laa')) return 'laaRef';
  if (words[0] === 'action' || words[0] === 'actions') return 'action';
  if (words.includes('update') || words.includes('updates')) return 'update';
  if (words.includes('outcome')) return 'outcome';
  if (words[0] === 'aim' || words[0] === 'aims') return 'aim';
  return undefined;
}

export interface HeaderMap {
  /** 1-based Excel row of the header. */
  row: number;
  /** Column index (0-based) of each recognised field. */
  columns: Partial<Record<GridField, number>>;
  /** Other labelled columns: index → label. */
  extra: { column: number; label: string }[];
}

/** Reads one row as a header; null when it is not one. */
export function matchHeader(cells: readonly string[], row: number): HeaderMap | null {
  const columns: Partial<Record<GridField, number>> = {};
  const extra: { column: number; label: string }[] = [];
  let core = 0;
  cells.forEach((cell, column) => {
    if (cell === '') return;
    const field = headerField(cell);
    if (field && columns[field] === undefined) {
      columns[field] = column;
      if (field !== 'status' && field !== 'id') core++;
    } else if (cell.length <= 60) {
      extra.push({ column, label: cell });
    }
  });
  if (columns.action === undefined || core < 3) return null;
  return { row, columns, extra };
}
