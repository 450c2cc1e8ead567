/** The shared core: what the add-in and the service both use. Pure TypeScript, no I/O. */
export { PartnershipConfig, parseConfig, latestPeriod, DEFAULT_COLUMN_LABELS, ColumnLabels, PeriodId, type District, type Outcome, type Aim, type Period, type LaaRef } from './config/schema';
export { DEFAULT_CONFIG } from './config/default-config';
export { AppError, ErrorKind, isAppError, formatIssues } from './errors';
export { cellToText, cellAddress, columnLetter, parseCellAddress, type CellValue } from './grid/cell';
export { getGridContext, type GridContext } from './grid/context';
export { GridField, HEADER_LABELS, NEEDED_FIELDS, headerField, matchHeader, readHeaderRow, compileHeaderLabels, labelWords, type HeaderMap, type HeaderLabels } from './grid/header';
export { splitRefs, refKey, createRefCatalogue, cleanRefText, isNoRefText, type RefCatalogue, type SplitRefs } from './grid/laa-refs';
export { parseAim } from './grid/aims';
export { parseSheet, parseSheets, applyMerges, describeNoGrid, MAX_GRID_ROWS, MAX_GRID_COLUMNS, MAX_MERGES, MAX_MERGED_CELLS, type SheetInput, type SheetMerge, type SheetVisibility, type ParsedSheet, type HeaderGuess } from './grid/parse-grid';
export { checkReturn, type CheckedReturn, type CheckOptions } from './grid/check-return';
export { gridRowFromPayload, payloadFromGridRow } from './grid/from-payload';
export { RowStatus, parseStatus, type GridRow } from './grid/types';
export { RULES, RuleId, Severity, Finding, MAX_CELL_TEXT, makeFinding, formatMessage, sortFindings, type RuleDefinition } from './rules/rules';
export { validateRows, type ValidateOptions } from './rules/validate';
export { normaliseText, stripInvalidXml, comparisonKey, comparisonHash, labelKey } from './text/normalise';
export * from './sync/protocol';
export * from './sync/upload';
