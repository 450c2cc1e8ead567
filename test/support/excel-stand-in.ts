/**
 * A scripted stand-in for the part of Excel's object model the add-in uses (addin/excel/
 * excel-model.ts), for unit tests in Node and, bundled, for the task pane in headless Chromium.
 *
 * It keeps Office.js's rules, and Excel's, so the adapter cannot cheat. Its classes implement
 * the adapter's model interfaces (no casts), which test/addin/excel-model.types.ts checks
 * against @types/office-js.
 * - A property is readable only after `load` and `context.sync()`; writes are queued and
 *   applied in order at the next sync; an operation that fails stops the batch there, with the
 *   operations before it applied (as Excel does); every sync is counted.
 * - Strings written to cells are converted as Excel converts them (Range.values: "If the value
 *   starts with +, - or =, Excel interprets this value as a formula"; a numeric string becomes
 *   a number), unless the cell's number format is Text ("@"). What the officer types is
 *   converted the same way. A formula the stand-in cannot evaluate reads back as "#NAME?".
 * - Undo: the officer's edits go on an undo stack; below ExcelApi 1.19 any write by the
 *   add-in clears it (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities).
 * - Cell-edit mode: `sync()` fails with InvalidOperationInCellEditMode, unless the run asked
 *   for delayForCellEdit on an ExcelApi 1.11 host: then the batch waits for the edit to end.
 * - Protection: a write to a protected sheet fails with AccessDenied.
 * - Events: a write fires `onChanged` (source "Local"; triggerSource "ThisLocalAddin" on an
 *   ExcelApi 1.14 host) unless the add-in switched events off; a co-author's edit fires it
 *   with source "Remote"; a dropdown pick may fire none (as in Excel on the web), only the
 *   selection change that follows; sorts fire onRowSorted.
 * - Sheets are found by name or id; renaming keeps handlers and id.
 * - Conditional formats are evaluated for the formulas the add-in writes (AND, OR, NOT, LEN,
 *   TRIM, SUBSTITUTE, UNICHAR, ISNUMBER, SEARCH, comparisons, relative and absolute
 *   references), so a test sees what the officer sees; TRIM removes only the space character
 *   (code 32), as Excel's does.
 */
import type {
  ConditionalFormatCollectionModel,
  ConditionalFormatModel,
  EventHandlersModel,
  RangeAreasModel,
  ExcelApi,
  ExcelContext,
  RangeModel,
  RunOptionsModel,
  SheetVisibility,
  WorkbookModel,
  WorksheetChangedEvent,
  WorksheetCollectionModel,
  WorksheetModel,
  WorksheetSelectionChangedEvent,
  WorksheetSortedEvent,
} from '../../addin/excel/excel-model';

const MAX_ROWS = 1_048_576;
const CELL_EDIT_MODE = 'InvalidOperationInCellEditMode';

interface Bounds {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

interface StoredFormat {
  id: string;
  bounds: Bounds;
  order: number;
  model: StandInConditionalFormat;
}

type Handler<E> = (event: E) => Promise<unknown>;

interface SheetState {
  id: string;
  name: string;
  visibility: SheetVisibility;
  cells: unknown[][];
  fills: Map<string, string>;
  bold: Set<string>;
  hiddenColumns: Set<number>;
  formats: StoredFormat[];
  validations: { bounds: Bounds; source: string }[];
  numberFormats: Map<string, string>;
  merges: Bounds[];
  isProtected: boolean;
  handlers: Handler<WorksheetChangedEvent>[];
  selectionHandlers: Handler<WorksheetSelectionChangedEvent>[];
  sortHandlers: Handler<WorksheetSortedEvent>[];
}

export interface StandInOptions {
  /** Plays an Excel with ExcelApi 1.14's `triggerSource` on change events. */
  hasTriggerSource?: boolean;
  /** The highest ExcelApi 1.x minor played; default 14 with hasTriggerSource, else 8. */
  apiMinor?: number;
}

export class StandInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "B3", "A2:C9", "C:C", "Sheet!A1" → 0-based bounds; no address: the whole sheet. */
export function parseBounds(address?: string): Bounds {
  if (address === undefined) return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: 16383 };
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const parts = local.replace(/\$/g, '').toUpperCase().split(':');
  const corner = (part: string) => {
    const match = /^([A-Z]*)(\d*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) throw new StandInError('InvalidArgument', `bad address ${address}`);
    return {
      c: match[1] === '' ? null : columnIndex(match[1]!),
      r: match[2] === '' ? null : Number(match[2]) - 1,
    };
  };
  const a = corner(parts[0]!);
  const b = corner(parts[1] ?? parts[0]!);
  return {
    r0: a.r ?? 0,
    c0: a.c ?? 0,
    r1: b.r ?? MAX_ROWS - 1,
    c1: b.c ?? 16383,
  };
}

export function formatBounds(b: Bounds): string {
  const start = `${columnName(b.c0)}${b.r0 + 1}`;
  const end = `${columnName(b.c1)}${b.r1 + 1}`;
  return start === end ? start : `${start}:${end}`;
}

const key = (r: number, c: number) => `${r},${c}`;
const isBlank = (v: unknown) => v === '' || v === null || v === undefined;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What Excel keeps when a value is written to a cell with this number format. */
export function convertAsExcel(value: unknown, numberFormat: string | undefined): unknown {
  if (typeof value !== 'string' || numberFormat === '@' || value === '') return value;
  if (NUMBER.test(value.trim())) return Number(value.trim());
  if (value.length > 1 && /^[=+-]/.test(value)) return { formula: value.startsWith('=') ? value : `=${value}`, value: '#NAME?' };
  return value;
}

interface FormulaCell {
  formula: string;
  value: unknown;
}

function isFormulaCell(v: unknown): v is FormulaCell {
  return typeof v === 'object' && v !== null && 'formula' in v && 'value' in v;
}

function shown(v: unknown): unknown {
  if (isBlank(v)) return '';
  return isFormulaCell(v) ? v.value : v;
}

/** A tiny evaluator for conditional-format formulas, relative to one cell. */
function evaluateFormula(formula: string, read: (r: number, c: number) => unknown, dr: number, dc: number): unknown {
  const tokens = formula.replace(/^=/, '').match(/"(?:[^"]|"")*"|\$?[A-Z]{1,3}\$?\d+|[A-Z]+(?=\()|\d+(?:\.\d+)?|<>|>=|<=|[(),=<>&]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++]!;
  const text = (v: unknown) => (isBlank(v) ? '' : String(v));
  const primary = (): unknown => {
    const t = next();
    if (t === '(') {
      const v = comparison();
      next();
      return v;
    }
    if (t.startsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
    if (/^\d/.test(t)) return Number(t);
    const ref = /^(\$?)([A-Z]{1,3})(\$?)(\d+)$/.exec(t);
    if (ref) {
      const c = columnIndex(ref[2]!) + (ref[1] ? 0 : dc);
      const r = Number(ref[4]) - 1 + (ref[3] ? 0 : dr);
      return read(r, c);
    }
    next(); // (
    const args: unknown[] = [];
    while (peek() !== ')') {
      args.push(comparison());
      if (peek() === ',') next();
    }
    next(); // )
    switch (t) {
      case 'AND':
        return args.every(Boolean);
      case 'OR':
        return args.some(Boolean);
      case 'NOT':
        return !args[0];
      case 'LEN':
        return text(args[0]).length;
      case 'TRIM':
        // Excel's TRIM removes the space character (32) only: not NBSP, tabs or line breaks.
        return text(args[0]).replace(/^ +| +$/g, '').replace(/ +/g, ' ');
      case 'SUBSTITUTE':
        return text(args[0]).split(text(args[1])).join(text(args[2]));
      case 'UNICHAR':
      case 'CHAR':
        return String.fromCharCode(Number(args[0]));
      case 'ISNUMBER':
        return typeof args[0] === 'number';
      case 'SEARCH': {
        const at = text(args[1]).toLowerCase().indexOf(text(args[0]).toLowerCase());
        return at < 0 ? { error: '#VALUE!' } : at + 1;
      }
      default:
        throw new StandInError('InvalidArgument', `formula function ${t} is not known to the stand-in`);
    }
  };
  const concat = (): unknown => {
    let v = primary();
    while (peek() === '&') {
      next();
      v = text(v) + text(primary());
    }
    return v;
  };
  const comparison = (): unknown => {
    const left = concat();
    const op = peek();
    if (op && ['=', '<>', '>', '<', '>=', '<='].includes(op)) {
      next();
      const right = concat();
      const l = typeof left === 'string' ? left.toLowerCase() : left;
      const r = typeof right === 'string' ? right.toLowerCase() : right;
      switch (op) {
        case '=':
          return l === r;
        case '<>':
          return l !== r;
        case '>':
          return (l as number) > (r as number);
        case '<':
          return (l as number) < (r as number);
        case '>=':
          return (l as number) >= (r as number);
        default:
          return (l as number) <= (r as number);
      }
    }
    return left;
  };
  return comparison();
}

type Op = () => void;

class StandInConditionalFormat implements ConditionalFormatModel {
  stopIfTrue = false;
  priority = 0;
  readonly type = 'Custom';
  readonly custom = { rule: { formula: '' }, format: { fill: { color: '' }, font: { color: '' } } };
  readonly customOrNullObject: { readonly isNullObject: boolean; rule: { formula: string } };
  constructor(
    private readonly context: StandInContext,
    readonly id: string,
    private readonly onDelete: () => void,
  ) {
    this.customOrNullObject = { isNullObject: false, rule: this.custom.rule };
  }
  delete(): void {
    this.context.queue(() => this.onDelete());
  }
}

class StandInConditionalFormats implements ConditionalFormatCollectionModel {
  private loadedItems: ConditionalFormatModel[] | null = null;
  constructor(
    private readonly context: StandInContext,
    private readonly target: () => { sheet: SheetState; bounds: Bounds },
  ) {}

  get items(): ConditionalFormatModel[] {
    if (!this.loadedItems) throw new StandInError('PropertyNotLoaded', 'conditionalFormats.items was not loaded and synced');
    return this.loadedItems;
  }

  load(_properties: string): ConditionalFormatCollectionModel {
    this.context.queue(() => {
      const { sheet, bounds } = this.target();
      // Copies: what was loaded, as Office.js hands back a snapshot.
      this.loadedItems = sheet.formats
        .filter((f) => overlaps(f.bounds, bounds))
        .map((f) => {
          const copy = new StandInConditionalFormat(this.context, f.id, () => {});
          copy.custom.rule.formula = f.model.custom.rule.formula;
          copy.priority = f.model.priority;
          return copy;
        });
    });
    return this;
  }

  add(_type: 'Custom'): ConditionalFormatModel {
    const id = `{cf-${this.context.standIn.nextOrder()}}`;
    const model = new StandInConditionalFormat(this.context, id, () => this.removeById(id));
    this.context.queue(() => {
      const { sheet, bounds } = this.target();
      this.context.standIn.assertWritable(sheet);
      sheet.formats.push({ id, bounds, model, order: this.context.standIn.nextOrder() });
      this.context.standIn.recordApiWrite();
    });
    return model;
  }

  getItem(id: string): ConditionalFormatModel {
    return new StandInConditionalFormat(this.context, id, () => this.removeById(id));
  }

  private removeById(id: string): void {
    const { sheet } = this.target();
    this.context.standIn.assertWritable(sheet);
    if (!sheet.formats.some((f) => f.id === id)) throw new StandInError('ItemNotFound', `no conditional format ${id}`);
    sheet.formats = sheet.formats.filter((f) => f.id !== id);
    this.context.standIn.recordApiWrite();
  }
}

class StandInRange implements RangeModel {
  private readonly loaded = new Map<string, unknown>();
  readonly format: RangeModel['format'];
  readonly conditionalFormats: ConditionalFormatCollectionModel;
  readonly dataValidation: RangeModel['dataValidation'];

  constructor(
    private readonly context: StandInContext,
    private readonly resolve: () => { sheet: SheetState; bounds: Bounds } | null,
  ) {
    const read = (property: string) => this.read(property);
    const target = () => this.mustResolve();
    const cellsOf = (b: Bounds, each: (k: string) => void) => {
      for (let r = b.r0; r <= Math.min(b.r1, b.r0 + 100_000); r++) for (let c = b.c0; c <= b.c1; c++) each(key(r, c));
    };
    this.format = {
      font: {
        set bold(value: boolean) {
          context.queue(() => {
            const { sheet, bounds } = target();
            cellsOf(bounds, (k) => (value ? sheet.bold.add(k) : sheet.bold.delete(k)));
          });
        },
        get bold(): boolean {
          return read('format/font/bold') as boolean;
        },
        color: '',
      },
      fill: {
        set color(value: string) {
          context.queue(() => {
            const { sheet, bounds } = target();
            cellsOf(bounds, (k) => sheet.fills.set(k, value));
          });
        },
        get color(): string {
          return read('format/fill/color') as string;
        },
      },
      wrapText: false,
      columnWidth: 0,
    };
    this.conditionalFormats = new StandInConditionalFormats(context, target);
    this.dataValidation = {
      set rule(rule: { list?: { inCellDropDown: boolean; source: string | object } }) {
        context.queue(() => {
          const { sheet, bounds } = target();
          if (rule.list && typeof rule.list.source === 'string') sheet.validations.push({ bounds, source: rule.list.source });
        });
      },
      get rule(): { list?: { inCellDropDown: boolean; source: string | object } } {
        throw new StandInError('PropertyNotLoaded', 'dataValidation.rule is write-only in the stand-in');
      },
      clear() {
        context.queue(() => {
          const { sheet, bounds } = target();
          sheet.validations = sheet.validations.filter((v) => !overlaps(v.bounds, bounds));
        });
      },
    };
  }

  private mustResolve() {
    const found = this.resolve();
    if (!found) throw new StandInError('ItemNotFound', 'the range does not exist');
    return found;
  }

  private read(property: string): unknown {
    if (!this.loaded.has(property)) throw new StandInError('PropertyNotLoaded', `${property} was not loaded and synced`);
    return this.loaded.get(property);
  }

  load(properties: string): RangeModel {
    const names = properties.split(',').map((p) => p.trim());
    this.context.queue(() => {
      const found = this.resolve();
      this.loaded.set('isNullObject', found === null);
      if (!found) return;
      const { sheet, bounds } = found;
      for (const name of names) {
        if (name === 'values') this.loaded.set('values', this.context.standIn.readValues(sheet, bounds));
        else if (name === 'numberFormat') this.loaded.set('numberFormat', this.context.standIn.readNumberFormats(sheet, bounds));
        else if (name === 'address') this.loaded.set('address', `${sheet.name}!${formatBounds(bounds)}`);
        else if (name === 'rowIndex') this.loaded.set('rowIndex', bounds.r0);
        else if (name === 'columnIndex') this.loaded.set('columnIndex', bounds.c0);
        else if (name === 'columnHidden') this.loaded.set('columnHidden', sheet.hiddenColumns.has(bounds.c0));
        else if (name === 'format/fill/color') this.loaded.set(name, sheet.fills.get(key(bounds.r0, bounds.c0)) ?? '#FFFFFF');
        else if (name === 'format/font/bold') this.loaded.set(name, sheet.bold.has(key(bounds.r0, bounds.c0)));
        else throw new StandInError('InvalidArgument', `the stand-in cannot load ${name}`);
      }
    });
    return this;
  }

  private checkShape(values: readonly unknown[][], bounds: Bounds): void {
    if (values.length !== bounds.r1 - bounds.r0 + 1 || values.some((row) => row.length !== bounds.c1 - bounds.c0 + 1)) {
      throw new StandInError('InvalidArgument', `values do not fit ${formatBounds(bounds)}`);
    }
  }

  get values(): unknown[][] {
    return this.read('values') as unknown[][];
  }
  set values(values: unknown[][]) {
    this.context.queue(() => {
      const { sheet, bounds } = this.mustResolve();
      this.checkShape(values, bounds);
      this.context.standIn.assertWritable(sheet);
      this.context.standIn.writeValues(sheet, bounds, values, { triggerSource: 'ThisLocalAddin', source: 'Local' });
      this.context.standIn.recordApiWrite();
    });
  }
  get numberFormat(): unknown[][] {
    return this.read('numberFormat') as unknown[][];
  }
  set numberFormat(formats: unknown[][]) {
    this.context.queue(() => {
      const { sheet, bounds } = this.mustResolve();
      this.checkShape(formats, bounds);
      this.context.standIn.assertWritable(sheet);
      formats.forEach((line, dr) => line.forEach((f, dc) => sheet.numberFormats.set(key(bounds.r0 + dr, bounds.c0 + dc), String(f))));
      this.context.standIn.recordApiWrite();
    });
  }
  get address(): string {
    return this.read('address') as string;
  }
  get rowIndex(): number {
    return this.read('rowIndex') as number;
  }
  get columnIndex(): number {
    return this.read('columnIndex') as number;
  }
  get isNullObject(): boolean {
    return this.read('isNullObject') as boolean;
  }
  get columnHidden(): boolean {
    return this.read('columnHidden') as boolean;
  }
  set columnHidden(hidden: boolean) {
    this.context.queue(() => {
      const { sheet, bounds } = this.mustResolve();
      this.context.standIn.assertWritable(sheet);
      for (let c = bounds.c0; c <= bounds.c1; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }
  getMergedAreasOrNullObject(): RangeAreasModel {
    if (this.context.standIn.apiMinor < 13) throw new StandInError('ApiNotFound', 'getMergedAreasOrNullObject needs ExcelApi 1.13');
    const loaded = new Map<string, unknown>();
    const read = (property: string) => {
      if (!loaded.has(property)) throw new StandInError('PropertyNotLoaded', `${property} was not loaded and synced`);
      return loaded.get(property);
    };
    const context = this.context;
    const target = () => this.mustResolve();
    return {
      get isNullObject() {
        return read('isNullObject') as boolean;
      },
      get address() {
        return read('address') as string;
      },
      load(_properties: string) {
        context.queue(() => {
          const { sheet, bounds } = target();
          const areas = sheet.merges.filter((m) => overlaps(m, bounds));
          loaded.set('isNullObject', areas.length === 0);
          const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet.name) ? sheet.name : `'${sheet.name.replace(/'/g, "''")}'`;
          if (areas.length > 0) loaded.set('address', areas.map((m) => `${quoted}!${formatBounds(m)}`).join(', '));
        });
        return this;
      },
    };
  }
  select(): void {
    this.context.queue(() => {
      const { sheet, bounds } = this.mustResolve();
      this.context.standIn.activeSheet = sheet.name;
      this.context.standIn.selection = { sheet: sheet.name, address: formatBounds(bounds) };
    });
  }
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

class StandInEvents<E> implements EventHandlersModel<E> {
  constructor(
    private readonly context: StandInContext,
    private readonly list: () => Handler<E>[],
  ) {}
  add(handler: Handler<E>): unknown {
    this.context.queue(() => this.list().push(handler));
    return {};
  }
}

class StandInWorksheet implements WorksheetModel {
  private readonly loaded = new Map<string, unknown>();
  readonly onChanged: EventHandlersModel<WorksheetChangedEvent>;
  readonly onSelectionChanged: EventHandlersModel<WorksheetSelectionChangedEvent>;
  readonly onRowSorted: EventHandlersModel<WorksheetSortedEvent>;
  readonly onColumnSorted: EventHandlersModel<WorksheetSortedEvent>;
  readonly protection: { readonly protected: boolean; load(properties: string): unknown };

  constructor(
    private readonly context: StandInContext,
    private readonly resolve: () => SheetState | null,
  ) {
    this.onChanged = new StandInEvents(context, () => this.mustResolve().handlers);
    this.onSelectionChanged = new StandInEvents(context, () => this.mustResolve().selectionHandlers);
    const sorted = () => {
      if (context.standIn.apiMinor < 10) throw new StandInError('ApiNotFound', 'sort events need ExcelApi 1.10');
      return this.mustResolve().sortHandlers;
    };
    this.onRowSorted = new StandInEvents(context, sorted);
    this.onColumnSorted = new StandInEvents(context, sorted);
    const read = (property: string) => this.read(property);
    const loaded = this.loaded;
    this.protection = {
      get protected(): boolean {
        return read('protection/protected') as boolean;
      },
      load: () => {
        context.queue(() => loaded.set('protection/protected', this.mustResolve().isProtected));
        return this.protection;
      },
    };
    context.queue(() => this.loaded.set('isNullObject', this.resolve() === null));
  }

  private mustResolve(): SheetState {
    const sheet = this.resolve();
    if (!sheet) throw new StandInError('ItemNotFound', 'the worksheet does not exist');
    return sheet;
  }

  private read(property: string): unknown {
    if (!this.loaded.has(property)) throw new StandInError('PropertyNotLoaded', `${property} was not loaded and synced`);
    return this.loaded.get(property);
  }

  load(properties: string): WorksheetModel {
    const names = properties.split(',').map((p) => p.trim());
    this.context.queue(() => {
      const sheet = this.resolve();
      if (!sheet) return;
      for (const name of names) {
        if (name === 'name' || name === 'id' || name === 'visibility') this.loaded.set(name, sheet[name]);
        else throw new StandInError('InvalidArgument', `the stand-in cannot load worksheet.${name}`);
      }
    });
    return this;
  }

  get name(): string {
    return this.read('name') as string;
  }
  set name(name: string) {
    this.context.queue(() => {
      this.mustResolve().name = name;
    });
  }
  get id(): string {
    return this.read('id') as string;
  }
  get isNullObject(): boolean {
    return this.read('isNullObject') as boolean;
  }
  get visibility(): SheetVisibility {
    return this.read('visibility') as SheetVisibility;
  }
  set visibility(visibility: SheetVisibility) {
    this.context.queue(() => {
      this.mustResolve().visibility = visibility;
    });
  }
  activate(): void {
    this.context.queue(() => {
      this.context.standIn.activeSheet = this.mustResolve().name;
    });
  }
  getRange(address?: string): RangeModel {
    const bounds = parseBounds(address);
    return new StandInRange(this.context, () => {
      const sheet = this.resolve();
      return sheet ? { sheet, bounds } : null;
    });
  }
  getUsedRangeOrNullObject(): RangeModel {
    return new StandInRange(this.context, () => {
      const sheet = this.resolve();
      const bounds = sheet ? usedBounds(sheet) : null;
      return sheet && bounds ? { sheet, bounds } : null;
    });
  }
}

function usedBounds(sheet: SheetState): Bounds | null {
  let b: Bounds | null = null;
  sheet.cells.forEach((row, r) => {
    row?.forEach((value, c) => {
      if (isBlank(value)) return;
      b = b ? { r0: Math.min(b.r0, r), c0: Math.min(b.c0, c), r1: Math.max(b.r1, r), c1: Math.max(b.c1, c) } : { r0: r, c0: c, r1: r, c1: c };
    });
  });
  return b;
}

class StandInWorksheets implements WorksheetCollectionModel {
  constructor(private readonly context: StandInContext) {}
  private byKey(keyOrName: string) {
    return () => this.context.standIn.findSheet(keyOrName);
  }
  getActiveWorksheet(): WorksheetModel {
    const standIn = this.context.standIn;
    return new StandInWorksheet(this.context, () => standIn.findSheet(standIn.activeSheet));
  }
  getItem(keyOrName: string): WorksheetModel {
    const sheet = new StandInWorksheet(this.context, this.byKey(keyOrName));
    this.context.queue(() => {
      if (!this.context.standIn.findSheet(keyOrName)) throw new StandInError('ItemNotFound', `no sheet named ${keyOrName}`);
    });
    return sheet;
  }
  getItemOrNullObject(keyOrName: string): WorksheetModel {
    return new StandInWorksheet(this.context, this.byKey(keyOrName));
  }
  add(name?: string): WorksheetModel {
    const standIn = this.context.standIn;
    const chosen = name ?? `Sheet${standIn.sheetNames().length + 1}`;
    this.context.queue(() => {
      standIn.addSheet(chosen);
      standIn.recordApiWrite();
    });
    return new StandInWorksheet(this.context, this.byKey(chosen));
  }
}

class StandInContext implements ExcelContext {
  private ops: Op[] = [];
  readonly runtime: { enableEvents: boolean };
  readonly workbook: WorkbookModel;

  constructor(
    readonly standIn: ExcelStandIn,
    private readonly options: RunOptionsModel,
  ) {
    const queue = (op: Op) => this.queue(op);
    this.runtime = {
      set enableEvents(on: boolean) {
        queue(() => {
          standIn.eventsEnabled = on;
        });
      },
      get enableEvents(): boolean {
        return standIn.eventsEnabled;
      },
    };
    this.workbook = { worksheets: new StandInWorksheets(this) };
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  async sync(): Promise<void> {
    this.standIn.syncCount++;
    await Promise.resolve();
    if (this.standIn.isInCellEditMode) {
      if (this.options.delayForCellEdit && this.standIn.apiMinor >= 11) await this.standIn.cellEditEnded();
      else {
        this.ops = [];
        throw new StandInError(CELL_EDIT_MODE, 'Excel is in cell-editing mode.');
      }
    }
    const ops = this.ops;
    this.ops = [];
    try {
      // As Excel: the operations before a failing one stay applied.
      for (const op of ops) op();
    } finally {
      this.standIn.dispatchEvents();
    }
  }

  get hasPending(): boolean {
    return this.ops.length > 0;
  }
}

export class ExcelStandIn implements ExcelApi {
  readonly ErrorCodes = { invalidOperationInCellEditMode: CELL_EDIT_MODE, accessDenied: 'AccessDenied' };
  readonly apiMinor: number;
  syncCount = 0;
  runCount = 0;
  private cellEdit = false;
  private cellEditWaiters: (() => void)[] = [];
  eventsEnabled = true;
  activeSheet = 'Sheet1';
  selection: { sheet: string; address: string } | null = null;
  /** The officer's undo stack: one entry per edit; the add-in's writes on 1.19+ too. */
  undoStack: ('officer' | 'add-in')[] = [];
  /** The add-in wrote in this sync (one undo record per sync, as Excel records them). */
  private wroteThisSync = false;
  /** RunOptions of each Excel.run, in order. */
  readonly runOptions: RunOptionsModel[] = [];
  private sheets: SheetState[] = [];
  private pendingEvents: { sheet: SheetState; event: WorksheetChangedEvent }[] = [];
  private order = 0;
  private sheetCounter = 0;

  constructor(private readonly options: StandInOptions = {}) {
    this.apiMinor = options.apiMinor ?? (options.hasTriggerSource ? 14 : 8);
    this.addSheet('Sheet1');
  }

  /** Read by the add-in's host code when the stand-in is injected into a page. */
  get hasTriggerSource(): boolean {
    return this.options.hasTriggerSource === true;
  }

  get isInCellEditMode(): boolean {
    return this.cellEdit;
  }
  set isInCellEditMode(on: boolean) {
    this.cellEdit = on;
    if (!on) for (const wake of this.cellEditWaiters.splice(0)) wake();
  }

  cellEditEnded(): Promise<void> {
    return new Promise((resolve) => this.cellEditWaiters.push(resolve));
  }

  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  run<T>(options: RunOptionsModel, batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  async run<T>(first: RunOptionsModel | ((context: ExcelContext) => Promise<T>), second?: (context: ExcelContext) => Promise<T>): Promise<T> {
    this.runCount++;
    const options = typeof first === 'function' ? {} : first;
    const batch = typeof first === 'function' ? first : second!;
    if (options.mergeUndoGroup && this.apiMinor < 20) throw new StandInError('InvalidArgument', 'mergeUndoGroup needs ExcelApi 1.20');
    this.runOptions.push(options);
    const context = new StandInContext(this, options);
    const result = await batch(context);
    // Excel.run sends whatever the batch left queued, as Office.js does.
    if (context.hasPending) await context.sync();
    return result;
  }

  nextOrder(): number {
    return this.order++;
  }

  /** A sheet by name (any case) or by id. */
  findSheet(nameOrId: string): SheetState | null {
    return this.sheets.find((s) => s.id === nameOrId || s.name.toLowerCase() === nameOrId.toLowerCase()) ?? null;
  }

  addSheet(name: string): SheetState {
    if (this.findSheet(name)) throw new StandInError('ItemAlreadyExists', `a sheet named ${name} exists`);
    const sheet: SheetState = {
      id: `{sheet-${++this.sheetCounter}}`,
      name,
      visibility: 'Visible',
      cells: [],
      fills: new Map(),
      bold: new Set(),
      hiddenColumns: new Set(),
      formats: [],
      validations: [],
      numberFormats: new Map(),
      merges: [],
      isProtected: false,
      handlers: [],
      selectionHandlers: [],
      sortHandlers: [],
    };
    this.sheets.push(sheet);
    return sheet;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  assertWritable(sheet: SheetState): void {
    if (sheet.isProtected) throw new StandInError('AccessDenied', `the sheet ${sheet.name} is protected`);
  }

  /** An add-in write: below ExcelApi 1.19 it clears the officer's undo stack. */
  recordApiWrite(): void {
    if (this.apiMinor < 19) this.undoStack = [];
    else if (!this.wroteThisSync) this.undoStack.push('add-in');
    this.wroteThisSync = true;
  }

  readValues(sheet: SheetState, b: Bounds): unknown[][] {
    const out: unknown[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row = sheet.cells[r];
      const line = new Array<unknown>(b.c1 - b.c0 + 1);
      for (let c = b.c0; c <= b.c1; c++) line[c - b.c0] = shown(row?.[c]);
      out.push(line);
    }
    return out;
  }

  readNumberFormats(sheet: SheetState, b: Bounds): string[][] {
    const out: string[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const line: string[] = [];
      for (let c = b.c0; c <= b.c1; c++) line.push(sheet.numberFormats.get(key(r, c)) ?? 'General');
      out.push(line);
    }
    return out;
  }

  writeValues(
    sheet: SheetState,
    b: Bounds,
    values: readonly (readonly unknown[])[],
    origin: { triggerSource: 'ThisLocalAddin' | 'Unknown'; source: 'Local' | 'Remote' },
  ): void {
    values.forEach((line, dr) => {
      const r = b.r0 + dr;
      const row = (sheet.cells[r] ??= []);
      line.forEach((v, dc) => {
        row[b.c0 + dc] = convertAsExcel(v, sheet.numberFormats.get(key(r, b.c0 + dc)));
      });
    });
    if (origin.triggerSource === 'Unknown' || this.eventsEnabled) {
      const event: WorksheetChangedEvent = { address: formatBounds(b), worksheetId: sheet.id, source: origin.source };
      if (this.options.hasTriggerSource) event.triggerSource = origin.triggerSource;
      this.pendingEvents.push({ sheet, event });
    }
  }

  dispatchEvents(): void {
    this.wroteThisSync = false;
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const { sheet, event } of events) {
      for (const handler of sheet.handlers) setTimeout(() => void handler(event), 0);
    }
  }

  // ——— what the "officer" (and co-authors) do, and what a test looks at ———

  /** The officer types or pastes `values` with their top-left at `address`; fires onChanged. */
  edit(sheetName: string, address: string, values: readonly (readonly unknown[])[]): void {
    this.editAs(sheetName, address, values, 'Local', true);
  }

  /** A co-author's edit arriving: onChanged with source "Remote"; not on this officer's undo stack. */
  remoteEdit(sheetName: string, address: string, values: readonly (readonly unknown[])[]): void {
    this.editAs(sheetName, address, values, 'Remote', true);
  }

  /**
   * The officer picks a value from a cell's dropdown. `firesChange` false plays Excel on the
   * web, where the pick may raise no onChanged (office-js issues 3888, 4066); moving on then
   * raises onSelectionChanged.
   */
  pickFromDropdown(sheetName: string, address: string, value: string, options: { firesChange: boolean }): void {
    this.editAs(sheetName, address, [[value]], 'Local', options.firesChange);
  }

  /** The officer moves the selection: fires onSelectionChanged. */
  select(sheetName: string, address: string): void {
    const sheet = this.mustFind(sheetName);
    this.selection = { sheet: sheet.name, address };
    const event: WorksheetSelectionChangedEvent = { address, worksheetId: sheet.id };
    for (const handler of sheet.selectionHandlers) setTimeout(() => void handler(event), 0);
  }

  /** The officer sorts rows firstRow..lastRow (1-based) by a column; fires onRowSorted only. */
  sortRows(sheetName: string, firstRow: number, lastRow: number, column: string): void {
    const sheet = this.mustFind(sheetName);
    const c = columnIndex(column);
    const rows = sheet.cells.slice(firstRow - 1, lastRow);
    while (rows.length < lastRow - firstRow + 1) rows.push([]);
    rows.sort((a, b) => String(shown(a?.[c])).localeCompare(String(shown(b?.[c]))));
    sheet.cells.splice(firstRow - 1, rows.length, ...rows);
    this.undoStack.push('officer');
    const event: WorksheetSortedEvent = { address: `${firstRow}:${lastRow}`, worksheetId: sheet.id, source: 'Local' };
    for (const handler of sheet.sortHandlers) setTimeout(() => void handler(event), 0);
  }

  rename(oldName: string, newName: string): void {
    this.mustFind(oldName).name = newName;
    if (this.activeSheet.toLowerCase() === oldName.toLowerCase()) this.activeSheet = newName;
  }

  /** The officer merges cells (Home ▸ Merge & Center); the value stays in the top-left cell. */
  merge(sheetName: string, address: string): void {
    this.mustFind(sheetName).merges.push(parseBounds(address));
  }

  protect(sheetName: string, on = true): void {
    this.mustFind(sheetName).isProtected = on;
  }

  private editAs(sheetName: string, address: string, values: readonly (readonly unknown[])[], source: 'Local' | 'Remote', firesChange: boolean): void {
    const sheet = this.mustFind(sheetName);
    const start = parseBounds(address);
    const bounds = { r0: start.r0, c0: start.c0, r1: start.r0 + values.length - 1, c1: start.c0 + Math.max(...values.map((v) => v.length)) - 1 };
    const events = this.pendingEvents.length;
    this.writeValues(sheet, bounds, values, { triggerSource: 'Unknown', source });
    if (!firesChange) this.pendingEvents.length = events;
    if (source === 'Local') this.undoStack.push('officer');
    this.dispatchEvents();
  }

  /** The officer deletes rows (shifting the rows below up), as Excel's Delete Sheet Rows. */
  deleteRows(sheetName: string, firstRow: number, count: number): void {
    const sheet = this.mustFind(sheetName);
    sheet.cells.splice(firstRow - 1, count);
    const event: WorksheetChangedEvent = { address: `${firstRow}:${firstRow + count - 1}`, worksheetId: sheet.id, source: 'Local' };
    if (this.options.hasTriggerSource) event.triggerSource = 'Unknown';
    this.pendingEvents.push({ sheet, event });
    this.undoStack.push('officer');
    this.dispatchEvents();
  }

  /** What the cell shows: a formula's result, else its value. */
  value(sheetName: string, address: string): unknown {
    const { r0, c0 } = parseBounds(address);
    return shown(this.mustFind(sheetName).cells[r0]?.[c0]);
  }

  /** The formula a cell holds ("=…"), or null for a plain value. */
  formula(sheetName: string, address: string): string | null {
    const { r0, c0 } = parseBounds(address);
    const v = this.mustFind(sheetName).cells[r0]?.[c0];
    return isFormulaCell(v) ? v.formula : null;
  }

  numberFormatOf(sheetName: string, address: string): string {
    const { r0, c0 } = parseBounds(address);
    return this.mustFind(sheetName).numberFormats.get(key(r0, c0)) ?? 'General';
  }

  values(sheetName: string): unknown[][] {
    const sheet = this.mustFind(sheetName);
    const b = usedBounds(sheet);
    return b ? this.readValues(sheet, { ...b, r0: 0, c0: 0 }) : [];
  }

  /** The fill the officer sees: the first conditional format that applies, else the cell's own fill. */
  shownFill(sheetName: string, address: string): string | null {
    const sheet = this.mustFind(sheetName);
    const { r0, c0 } = parseBounds(address);
    const read = (r: number, c: number) => shown(sheet.cells[r]?.[c]);
    const formats = sheet.formats
      .filter((f) => r0 >= f.bounds.r0 && r0 <= f.bounds.r1 && c0 >= f.bounds.c0 && c0 <= f.bounds.c1)
      .sort((a, b) => a.model.priority - b.model.priority || a.order - b.order);
    for (const f of formats) {
      if (evaluateFormula(f.model.custom.rule.formula, read, r0 - f.bounds.r0, c0 - f.bounds.c0) === true) {
        return f.model.custom.format.fill.color || null;
      }
    }
    return sheet.fills.get(key(r0, c0)) ?? null;
  }

  /** The text a cell shows on screen and in print: none under the format ";;;". */
  printedText(sheetName: string, address: string): string {
    const format = this.numberFormatOf(sheetName, address);
    if (/^;;;$/.test(format)) return '';
    return String(this.value(sheetName, address));
  }

  /** The officer adds a Custom conditional format of their own. */
  addOwnRule(sheetName: string, address: string, formula: string, fill: string): void {
    const sheet = this.mustFind(sheetName);
    const id = `{cf-${this.nextOrder()}}`;
    const model = new StandInConditionalFormat(new StandInContext(this, {}), id, () => {});
    model.custom.rule.formula = formula;
    model.custom.format.fill.color = fill;
    model.priority = 100;
    sheet.formats.push({ id, bounds: parseBounds(address), model, order: this.nextOrder() });
  }

  ruleFormulas(sheetName: string): string[] {
    return this.mustFind(sheetName).formats.map((f) => f.model.custom.rule.formula);
  }

  /** The cell's own fill, ignoring conditional formats. */
  ownFill(sheetName: string, address: string): string | null {
    const { r0, c0 } = parseBounds(address);
    return this.mustFind(sheetName).fills.get(key(r0, c0)) ?? null;
  }

  setOwnFill(sheetName: string, address: string, color: string): void {
    const { r0, c0 } = parseBounds(address);
    this.mustFind(sheetName).fills.set(key(r0, c0), color);
  }

  isColumnHidden(sheetName: string, column: string): boolean {
    return this.mustFind(sheetName).hiddenColumns.has(columnIndex(column));
  }

  visibilityOf(sheetName: string): SheetVisibility {
    return this.mustFind(sheetName).visibility;
  }

  conditionalFormatCount(sheetName: string): number {
    return this.mustFind(sheetName).formats.length;
  }

  /** The list source of the data validation covering a cell, e.g. "='DR Lists'!$A$1:$A$5". */
  validationSource(sheetName: string, address: string): string | null {
    const { r0, c0 } = parseBounds(address);
    const found = this.mustFind(sheetName).validations.find(
      (v) => r0 >= v.bounds.r0 && r0 <= v.bounds.r1 && c0 >= v.bounds.c0 && c0 <= v.bounds.c1,
    );
    return found?.source ?? null;
  }

  handlerCount(sheetName: string): number {
    return this.mustFind(sheetName).handlers.length;
  }

  idOf(sheetName: string): string {
    return this.mustFind(sheetName).id;
  }

  private mustFind(name: string): SheetState {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`the stand-in has no sheet named ${name}`);
    return sheet;
  }
}
