/**
 * The part of Excel's object model the add-in uses, as plain structural types. Office.js's own
 * `Excel` namespace is assigned to `ExcelApi` without a cast in office-host.ts, so the compiler
 * checks every member here against @types/office-js; test/addin/excel-model.types.ts checks
 * each interface on its own. The stand-in the tests drive (test/support/excel-stand-in.ts)
 * implements the same interfaces. Semantics are Office.js's: property reads need a `load` and a
 * `context.sync()`, writes are queued and applied in order at the next sync.
 *
 * Requirement sets (learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets):
 * the manifest asks for ExcelApi 1.8; members from later sets are marked and only used where
 * `Office.context.requirements.isSetSupported` says so.
 */

/** Excel.RunOptions (learn.microsoft.com/javascript/api/excel/excel.runoptions). */
export interface RunOptionsModel {
  /** Wait for the officer to leave cell-edit mode instead of failing (ExcelApi 1.11). */
  delayForCellEdit?: boolean;
  /** All syncs of one Excel.run become one undo record (ExcelApi 1.20). */
  mergeUndoGroup?: boolean;
}

export interface ExcelApi {
  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  run<T>(options: RunOptionsModel, batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  /** Excel.ErrorCodes: the `code` of an OfficeExtension.Error. */
  ErrorCodes: { invalidOperationInCellEditMode: string; accessDenied: string };
}

export interface ExcelContext {
  workbook: WorkbookModel;
  /** ExcelApi 1.8: switching events off around the add-in's own writes. */
  runtime: { enableEvents: boolean };
  sync(): Promise<unknown>;
}

export interface WorkbookModel {
  worksheets: WorksheetCollectionModel;
}

export interface WorksheetCollectionModel {
  getActiveWorksheet(): WorksheetModel;
  /** By name or by id (WorksheetCollection.getItem: "the name or ID of the worksheet"). */
  getItem(key: string): WorksheetModel;
  getItemOrNullObject(key: string): WorksheetModel;
  add(name?: string): WorksheetModel;
}

export type SheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

/** An event source: `add` registers a handler (Office.js's OfficeExtension.EventHandlers). */
export interface EventHandlersModel<E> {
  add(handler: (event: E) => Promise<unknown>): unknown;
}

export interface WorksheetModel {
  name: string;
  readonly id: string;
  readonly isNullObject: boolean;
  visibility: SheetVisibility;
  /** ExcelApi 1.2: `protected` says whether the sheet refuses writes. */
  readonly protection: { readonly protected: boolean; load(properties: string): unknown };
  load(properties: string): WorksheetModel;
  activate(): void;
  /** No address: the whole sheet. */
  getRange(address?: string): RangeModel;
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeModel;
  onChanged: EventHandlersModel<WorksheetChangedEvent>;
  /** ExcelApi 1.7. */
  onSelectionChanged: EventHandlersModel<WorksheetSelectionChangedEvent>;
  /** ExcelApi 1.10. */
  onRowSorted: EventHandlersModel<WorksheetSortedEvent>;
  /** ExcelApi 1.10. */
  onColumnSorted: EventHandlersModel<WorksheetSortedEvent>;
}

export interface RangeModel {
  values: unknown[][];
  /** Excel's number format codes; "@" is Text: what is written stays a string. */
  numberFormat: unknown[][];
  readonly address: string;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly isNullObject: boolean;
  columnHidden: boolean;
  load(properties: string): RangeModel;
  select(): void;
  format: {
    font: { bold: boolean; color: string };
    fill: { color: string };
    wrapText: boolean;
    columnWidth: number;
  };
  conditionalFormats: ConditionalFormatCollectionModel;
  /** ExcelApi 1.13: the merged areas in the range; a null object when there are none. */
  getMergedAreasOrNullObject(): RangeAreasModel;
  dataValidation: {
    /** ListDataValidation.source: a formula or list text, or (Office.js allows) a Range. */
    rule: { list?: { inCellDropDown: boolean; source: string | object } };
    clear(): void;
  };
}

/** Excel.RangeAreas (ExcelApi 1.9). */
export interface RangeAreasModel {
  readonly isNullObject: boolean;
  /** "Sheet1!A1:B4, Sheet1!D1:D4": each area with its sheet's name. */
  readonly address: string;
  load(properties: string): unknown;
}

/** ExcelApi 1.6. */
export interface ConditionalFormatCollectionModel {
  readonly items: ConditionalFormatModel[];
  add(type: 'Custom'): ConditionalFormatModel;
  getItem(id: string): ConditionalFormatModel;
  load(properties: string): ConditionalFormatCollectionModel;
}

export interface ConditionalFormatModel {
  readonly id: string;
  readonly type: string;
  stopIfTrue: boolean;
  priority: number;
  custom: {
    rule: { formula: string };
    format: { fill: { color: string }; font: { color: string } };
  };
  /** A null object (isNullObject) when the rule is not a Custom one. */
  readonly customOrNullObject: { readonly isNullObject: boolean; rule: { formula: string } };
  delete(): void;
}

export interface WorksheetChangedEvent {
  address: string;
  worksheetId: string;
  /** ExcelApi 1.7: "Local", or "Remote" for a co-author's change. */
  source: string;
  /** ExcelApi 1.14: "ThisLocalAddin" for the add-in's own writes. */
  triggerSource?: string;
}

export interface WorksheetSelectionChangedEvent {
  address: string;
  worksheetId: string;
}

export interface WorksheetSortedEvent {
  address: string;
  worksheetId: string;
  source: string;
}
