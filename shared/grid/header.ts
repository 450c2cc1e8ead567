/**
 * Finding the header row of a return.
 * Rules:
 * - each column is recognised from a table of labels kept in the partnership configuration
 *   (`columns` in shared/config/schema.ts), so a partnership adds its own wording without code;
 *   the add-in's own labels (HEADER_LABELS) are always recognised too;
 * - a label matches forgiving case, punctuation ("Action(s)", "LAA ref."), plurals ("Comments"
 *   = "Comment") and extra words ("Progress to date (Oct)", "District/Borough update"): the
 *   whole label first, else the longest configured wording found inside it as whole words,
 *   and among equally long ones the rightmost (English puts the head noun last: "Update
 *   status" is a status);
 * - a header row names the Actions column and at least two of Outcome, Aim, LAA Ref and
 *   District Update, in any order;
 * - other labelled columns are kept as extra columns, never fatal; an optional Status column
 *   and the add-in's Row ID column are recognised.
 */
import { DEFAULT_COLUMN_LABELS, type ColumnLabels } from '../config/schema';
import { comparisonKey } from '../text/normalise';

export const GridField = ['outcome', 'aim', 'laaRef', 'action', 'update', 'status', 'id'] as const;
export type GridField = (typeof GridField)[number];

/** The columns a return must have for nothing to be read silently empty (DOMAIN.md's grid). */
export const NEEDED_FIELDS = ['outcome', 'aim', 'laaRef', 'action', 'update'] as const satisfies readonly GridField[];

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

/** Longer cells are text, not labels (characters of the cell, and of its comparison key). */
export const MAX_LABEL_KEY = 60;

/**
 * A label as the words it is matched by: comparisonKey (case, accents, punctuation and "&"
 * set aside), the lone "s" of "(s)" dropped, and each word made singular by its final "s"
 * ("actions" → "action", but "progress" and "status" keep theirs).
 */
export function labelWords(label: string): string[] {
  const key = comparisonKey(label);
  if (key === '' || key.length > MAX_LABEL_KEY) return [];
  const words: string[] = [];
  for (const word of key.split(' ')) {
    if (word === 's') continue;
    words.push(singular(word));
  }
  return words;
}

function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || word.endsWith('ss') || word.endsWith('us')) return word;
  return word.slice(0, -1);
}

interface Phrase {
  words: string[];
  field: GridField;
}

/** The configured wordings, compiled once per configuration. */
export interface HeaderLabels {
  /** The field a header cell names, or undefined. */
  fieldOf(label: string): GridField | undefined;
}

/** Compiles a `columns` table (plus the add-in's own labels) for header matching. */
export function compileHeaderLabels(columns: ColumnLabels = DEFAULT_COLUMN_LABELS): HeaderLabels {
  const exact = new Map<string, GridField>();
  const byFirstWord = new Map<string, Phrase[]>();
  for (const field of GridField) {
    for (const label of [HEADER_LABELS[field], ...(columns[field] ?? DEFAULT_COLUMN_LABELS[field])]) {
      const words = labelWords(label);
      if (words.length === 0) continue;
      const key = words.join(' ');
      // The first table to claim a wording keeps it: a partnership's config is read in field order.
      if (exact.has(key)) continue;
      exact.set(key, field);
      const list = byFirstWord.get(words[0]!) ?? [];
      list.push({ words, field });
      byFirstWord.set(words[0]!, list);
    }
  }
  return {
    fieldOf(label) {
      const words = labelWords(label);
      if (words.length === 0) return undefined;
      const whole = exact.get(words.join(' '));
      if (whole) return whole;
      let best: Phrase | undefined;
      for (let start = 0; start < words.length; start++) {
        const phrases = byFirstWord.get(words[start]!);
        if (!phrases) continue;
        for (const phrase of phrases) {
          if (best && phrase.words.length < best.words.length) continue;
          if (start + phrase.words.length > words.length) continue;
          let same = true;
          for (let k = 1; k < phrase.words.length && same; k++) same = words[start + k] === phrase.words[k];
          if (same) best = phrase;
        }
      }
      return best?.field;
    },
  };
}

const DEFAULT_LABELS = compileHeaderLabels();

/** The field a header cell names under the given (by default the shipped) label table. */
export function headerField(label: string, labels: HeaderLabels = DEFAULT_LABELS): GridField | undefined {
  return labels.fieldOf(label);
}

export interface HeaderMap {
  /** 1-based Excel row of the header. */
  row: number;
  /** Column index (0-based) of each recognised field. */
  columns: Partial<Record<GridField, number>>;
  /** Other labelled columns: index → label. */
  extra: { column: number; label: string }[];
  /** Every non-empty label of the row, in column order, as typed. */
  seen: { column: number; label: string }[];
}

/** One row read as header labels, whether or not it makes a header; `core` counts the fields other than Status and Row ID. */
export function readHeaderRow(cells: readonly string[], row: number, labels: HeaderLabels = DEFAULT_LABELS): HeaderMap & { core: number } {
  const columns: Partial<Record<GridField, number>> = {};
  const extra: { column: number; label: string }[] = [];
  const seen: { column: number; label: string }[] = [];
  let core = 0;
  for (let column = 0; column < cells.length; column++) {
    const cell = cells[column];
    if (cell === undefined || cell === '') continue;
    if (cell.length <= MAX_LABEL_KEY) seen.push({ column, label: cell });
    const field = labels.fieldOf(cell);
    if (field !== undefined && columns[field] === undefined) {
      columns[field] = column;
      if (field !== 'status' && field !== 'id') core++;
    } else if (cell.length <= MAX_LABEL_KEY && cells[column - 1] !== cell) {
      // A label the same as its left neighbour is a merged header cell spread across columns, not a column of its own.
      extra.push({ column, label: cell });
    }
  }
  return { row, columns, extra, seen, core };
}

/** Reads one row as a header; null when it is not one (no Actions, or fewer than two of the other needed columns). */
export function matchHeader(cells: readonly string[], row: number, labels: HeaderLabels = DEFAULT_LABELS): HeaderMap | null {
  const read = readHeaderRow(cells, row, labels);
  if (read.columns.action === undefined || read.core < 3) return null;
  return { row: read.row, columns: read.columns, extra: read.extra, seen: read.seen };
}
