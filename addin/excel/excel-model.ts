/**
 * The part of Excel's object model the add-in uses, as plain structural types. Office.js's own
 * `Excel` namespace satisfies them at run time; so does the stand-in the tests drive (test/support/
 * excel-stand-in.ts). Semantics are Office.js's: property reads need a `load` and a
 * `context.sync()`, writes are queued and applied in order at the next sync.
 */

export interface ExcelApi {
  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  ErrorCodes: { invalidOperationInCellEditMode: string };
}

export interface ExcelContext {
  workbook: WorkbookModel;
  /** ExcelApi 1.8: switching events off around the add-in's own writes. */
  runtime: { enableEvents: boolean };
  sync(): Promise<void>;
}

export interface WorkbookModel {
  worksheets: WorksheetCollectionModel;
}

export interface WorksheetCollectionModel {
  getActiveWorksheet(): WorksheetModel;
  getItem(name: string): WorksheetModel;
  getItemOrNullObject(name: string): WorksheetModel;
  add(name?: string): WorksheetModel;
}

export type SheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface WorksheetModel {
  name: string;
  readonly id: string;
  readonly isNullObject: boolean;
  visibility: SheetVisibility;
  load(properties: string): WorksheetModel;
  activate(): void;
  getRange(address: string): RangeModel;
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeModel;
  onChanged: { add(handler: (event: WorksheetChangedEvent) => Promise<unknown>): unknown };
}

export interface RangeModel {
  values: unknown[][];
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
  conditionalFormats: {
    add(type: 'Custom'): ConditionalFormatModel;
    clearAll(): void;
  };
  dataValidation: {
    rule: { list?: { inCellDropDown: boolean; source: string } };
    clear(): void;
  };
}

export interface ConditionalFormatModel {
  stopIfTrue: boolean;
  priority: number;
  custom: {
    rule: { formula: string };
    format: { fill: { color: string }; font: { color: string } };
  };
}

export interface WorksheetChangedEvent {
  address: string;
  worksheetId: string;
  /** ExcelApi 1.14: "ThisLocalAddin" for the add-in's own writes. */
  triggerSource?: string;
}
