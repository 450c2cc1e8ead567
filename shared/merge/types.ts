/** The master model: what the board's workbook is drawn from. Plain data, no workbook types. */
import type { Finding } from '../rules/rules';
import type { GridRow, RowStatus } from '../grid/types';

/** One district's rows for the period, as the store or a return file gives them. */
export interface DistrictReturn {
  district: string;
  rows: readonly GridRow[];
  /** ISO time of the district's last sync, or null (a file read offline, or never synced). */
  lastSync: string | null;
  /** Findings already made (the reader's and the rules'); computed with validateRows when absent. */
  findings?: readonly Finding[];
}

export interface MergeInput {
  period: string;
  districts: readonly DistrictReturn[];
  /** When the master is made; passed in so the merge has no clock. */
  now: Date;
  /**
   * The districts' returns for the period before this one (the configuration's previous
   * period), so an update repeated word for word is found (update-unchanged). Absent: none is.
   */
  previous?: { period: string; districts: readonly DistrictReturn[] };
}

export interface UnknownRef {
  ref: string;
  /** The nearest catalogue entry, or null when the catalogue is empty. */
  suggestion: string | null;
  districts: string[];
}

export interface DistrictUpdate {
  district: string;
  /** The district's text, ending with its tag, e.g. "… being developed (HBBC)." */
  text: string;
  /**
   * The label of the previous period when this update repeats the district's update on the
   * same action there (after normalising case, spacing and punctuation), else null. The
   * board's copy leaves such updates out (seed 001 §3.4: only what is over and above).
   */
  unchangedSince: string | null;
}

export interface MasterRow {
  outcomeCode: string;
  /** The outcome as the board writes it (configuration's boardOutcomeLabels, else its name). */
  outcome: string;
  /** "S4  Safe from crime and …": the configuration's code and wording when the code is known, else as typed. */
  aim: string;
  aimCode: string | null;
  /** The union of the districts' refs in catalogue spelling, in order of first appearance. */
  laaRefs: string[];
  unknownRefs: UnknownRef[];
  /** Districts whose rows for this action give no LAA ref. */
  missingRefDistricts: string[];
  action: string;
  /** One paragraph per district, in configuration order. */
  updates: DistrictUpdate[];
}

export interface MasterOutcome {
  code: string;
  name: string;
  /** As the board writes it, for titles and the Outcome column: "Stay Safe". */
  label: string;
  rows: MasterRow[];
}

export interface DistrictSummary {
  code: string;
  name: string;
  /** Rows the district sent, with or without an update. */
  rows: number;
  rowsWithUpdate: number;
  /** Rows with an update, by outcome code (the coverage matrix). */
  updatesByOutcome: Record<string, number>;
  lastSync: string | null;
  missingLaaRefs: number;
  findings: number;
  /** True when the district sent anything for the period. */
  hasReturned: boolean;
}

export interface ExceptionRow {
  district: string;
  status: Extract<RowStatus, 'At risk' | 'Exceptional'>;
  outcome: string;
  aim: string;
  laaRefs: string[];
  action: string;
  /** The district's text, ending with its tag as in the outcome tables. */
  update: string;
}

/** An update left out of the board's copy because it repeats the previous period's. */
export interface UnchangedUpdate {
  district: string;
  outcome: string;
  action: string;
  update: string;
  /** The previous period's label, e.g. "10 October 2007". */
  previousPeriod: string;
}

export interface DistrictFinding extends Finding {
  district: string;
}

/** One district update, flat, for the All updates sheet. */
export interface FlatUpdate {
  district: string;
  outcome: string;
  aim: string;
  laaRefs: string[];
  action: string;
  update: string;
  status: string;
}

export interface MasterModel {
  partnership: string;
  period: { id: string; label: string };
  /** ISO time the master was made. */
  madeAt: string;
  districts: DistrictSummary[];
  /** Every configured outcome in board order, each with its rows (possibly none). */
  outcomes: MasterOutcome[];
  exceptions: ExceptionRow[];
  findings: DistrictFinding[];
  updates: FlatUpdate[];
  /** Rows with an update left out of the tables because their outcome is not one of the five. */
  unplacedRows: number;
  /** The period compared against for update-unchanged, or null when none was given. */
  previousPeriod: { id: string; label: string } | null;
  /** Updates repeating the previous period's, in district then table order. */
  unchanged: UnchangedUpdate[];
}
