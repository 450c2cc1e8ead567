/**
 * A compile-time check (tsc, `npm run typecheck`): each interface of the adapter's model of
 * Excel (addin/excel/excel-model.ts) is satisfied by the matching @types/office-js type, so the
 * model never claims a member, or a member type, that Office.js does not have. Nothing runs.
 */
import type {
  ConditionalFormatCollectionModel,
  ConditionalFormatModel,
  ExcelApi,
  ExcelContext,
  RangeModel,
  WorkbookModel,
  WorksheetChangedEvent,
  WorksheetCollectionModel,
  WorksheetModel,
  WorksheetSelectionChangedEvent,
  WorksheetSortedEvent,
} from '../../addin/excel/excel-model';

type Satisfies<Model, Office extends Model> = Office;

export type ExcelModelChecks = [
  Satisfies<ConditionalFormatModel, Excel.ConditionalFormat>,
  Satisfies<ConditionalFormatCollectionModel, Excel.ConditionalFormatCollection>,
  Satisfies<RangeModel, Excel.Range>,
  Satisfies<WorksheetModel, Excel.Worksheet>,
  Satisfies<WorksheetCollectionModel, Excel.WorksheetCollection>,
  Satisfies<WorkbookModel, Excel.Workbook>,
  Satisfies<ExcelContext, Excel.RequestContext>,
  Satisfies<WorksheetChangedEvent, Excel.WorksheetChangedEventArgs>,
  Satisfies<WorksheetSelectionChangedEvent, Excel.WorksheetSelectionChangedEventArgs>,
  Satisfies<WorksheetSortedEvent, Excel.WorksheetRowSortedEventArgs>,
  Satisfies<WorksheetSortedEvent, Excel.WorksheetColumnSortedEventArgs>,
  Satisfies<ExcelApi, typeof Excel>,
];
