import { z } from 'zod';
import type { GridField } from './header';

export const RowStatus = z.enum(['On track', 'At risk', 'Exceptional']);
export type RowStatus = z.infer<typeof RowStatus>;

/** One action row of a return, as read from a grid. */
export interface GridRow {
  sheet: string;
  /** 1-based Excel row number. */
  row: number;
  /** The add-in's row id (hidden Row ID column), when the grid has one. */
  id: string | null;
  /** The configuration's name for the outcome, or null when it is unknown or missing. */
  outcome: string | null;
  outcomeCode: string | null;
  /** The outcome as typed (or carried down from above). */
  outcomeText: string;
  /** The aim as typed (or carried down). */
  aim: string;
  /** The aim code, when the cell gives or implies one. */
  aimCode: string | null;
  /** LAA refs: the catalogue's spelling where known, as typed otherwise. */
  laaRefs: string[];
  laaRefsText: string;
  action: string;
  update: string;
  status: RowStatus | null;
  statusText: string;
  /** Extra labelled columns, by label. */
  extra: Record<string, string>;
  /** The A1 address of each column's cell in this row. */
  cells: Partial<Record<GridField, string>>;
}

const STATUS_WORDS: Record<string, RowStatus> = {
  'on track': 'On track',
  ontrack: 'On track',
  green: 'On track',
  g: 'On track',
  'at risk': 'At risk',
  atrisk: 'At risk',
  red: 'At risk',
  amber: 'At risk',
  'not on track': 'At risk',
  exceptional: 'Exceptional',
  'exceptionally good': 'Exceptional',
  excellent: 'Exceptional',
};

/** "on track", "At Risk", "amber" → a status; undefined when the text is not one. */
export function parseStatus(text: string): RowStatus | undefined {
  return STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, ' ')];
}
