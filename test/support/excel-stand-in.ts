/**
 * A scripted stand-in for the part of Excel's object model the add-in uses (addin/excel/
 * excel-model.ts), for unit tests in Node and, bundled, for the task pane in headless Chromium.
 *
 * It keeps Office.js's rules so the adapter cannot cheat: a property is readable only after
 * `load` and `context.sync()`; writes are queued and applied in order at the next sync; every
 * sync is counted; `sync()` fails with InvalidOperationInCellEditMode while the "officer" is
 * editing a cell; a write fires `onChanged` (with triggerSource "ThisLocalAddin" when the
 * stand-in plays an Excel that has it) unless the add-in switched events off. Conditional
 * formats are evaluated for the formulas the add-in writes (AND, OR, NOT, LEN, TRIM, ISNUMBER,
 * SEARCH, comparisons, relative and absolute references), so a test sees what the officer sees.
 */
import type {
  ConditionalFormatModel,
  ExcelApi,
  ExcelContext,
  RangeModel,
  SheetVisibility,
  WorksheetChangedEvent,
  WorksheetModel,
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
  bounds: Bounds;
  priority: number;
  order: number;
  model: ConditionalFormatModel;
}

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
  handlers: ((event: WorksheetChangedEvent) => Promise<unknown>)[];
}

export interface StandInOptions {
  /** Plays an Excel with ExcelApi 1.14's `triggerSource` on change events. */
  hasTriggerSource?: boolean;
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

/** "B3", "A2:C9", "C:C", "Sheet!A1" → 0-based bounds. */
export function parseBounds(address: string): Bounds {
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
        return text(args[0]).trim().replace(/ +/g, ' ');
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

class StandInRange {
  private readonly loaded = new Map<string, unknown>();
  readonly format;
  readonly conditionalFormats;
  readonly dataValidation;

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
    this.conditionalFormats = {
      add(_type: 'Custom'): ConditionalFormatModel {
        const model: ConditionalFormatModel = {
          stopIfTrue: false,
          priority: 0,
          custom: { rule: { formula: '' }, format: { fill: { color: '' }, font: { color: '' } } },
        };
        context.queue(() => {
          const { sheet, bounds } = target();
          sheet.formats.push({ bounds, model, priority: model.priority, order: context.standIn.nextOrder() });
        });
        return model;
      },
      clearAll() {
        context.queue(() => {
          const { sheet, bounds } = target();
          sheet.formats = sheet.formats.filter((f) => !overlaps(f.bounds, bounds));
        });
      },
    };
    this.dataValidation = {
      set rule(rule: { list?: { inCellDropDown: boolean; source: string } }) {
        context.queue(() => {
          const { sheet, bounds } = target();
          if (rule.list) sheet.validations.push({ bounds, source: rule.list.source });
        });
      },
      get rule() {
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

  load(properties: string): this {
    const names = properties.split(',').map((p) => p.trim());
    this.context.queue(() => {
      const found = this.resolve();
      this.loaded.set('isNullObject', found === null);
      if (!found) return;
      const { sheet, bounds } = found;
      for (const name of names) {
        if (name === 'values') this.loaded.set('values', this.context.standIn.readValues(sheet, bounds));
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

  get values(): unknown[][] {
    return this.read('values') as unknown[][];
  }
  set values(values: unknown[][]) {
    this.context.queue(() => {
      const { sheet, bounds } = this.mustResolve();
      if (values.length !== bounds.r1 - bounds.r0 + 1 || values.some((row) => row.length !== bounds.c1 - bounds.c0 + 1)) {
        throw new StandInError('InvalidArgument', `values do not fit ${formatBounds(bounds)}`);
      }
      this.context.standIn.writeValues(sheet, bounds, values, 'ThisLocalAddin');
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
      for (let c = bounds.c0; c <= bounds.c1; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
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

class StandInWorksheet {
  private readonly loaded = new Map<string, unknown>();
  readonly onChanged;

  constructor(
    private readonly context: StandInContext,
    private readonly resolve: () => SheetState | null,
  ) {
    this.onChanged = {
      add: (handler: (event: WorksheetChangedEvent) => Promise<unknown>) => {
        context.queue(() => this.mustResolve().handlers.push(handler));
        return {};
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

  load(properties: string): this {
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
  getRange(address: string): RangeModel {
    const bounds = parseBounds(address);
    return new StandInRange(this.context, () => {
      const sheet = this.resolve();
      return sheet ? { sheet, bounds } : null;
    }) as unknown as RangeModel;
  }
  getUsedRangeOrNullObject(): RangeModel {
    return new StandInRange(this.context, () => {
      const sheet = this.resolve();
      const bounds = sheet ? usedBounds(sheet) : null;
      return sheet && bounds ? { sheet, bounds } : null;
    }) as unknown as RangeModel;
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

class StandInContext implements ExcelContext {
  private ops: Op[] = [];
  readonly runtime;
  readonly workbook;

  constructor(readonly standIn: ExcelStandIn) {
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
    const byName = (name: string) => () => standIn.findSheet(name);
    this.workbook = {
      worksheets: {
        getActiveWorksheet: () => new StandInWorksheet(this, () => standIn.findSheet(standIn.activeSheet)) as unknown as WorksheetModel,
        getItem: (name: string) => {
          const sheet = new StandInWorksheet(this, byName(name)) as unknown as WorksheetModel;
          this.queue(() => {
            if (!standIn.findSheet(name)) throw new StandInError('ItemNotFound', `no sheet named ${name}`);
          });
          return sheet;
        },
        getItemOrNullObject: (name: string) => new StandInWorksheet(this, byName(name)) as unknown as WorksheetModel,
        add: (name?: string) => {
          const chosen = name ?? `Sheet${standIn.sheetNames().length + 1}`;
          this.queue(() => standIn.addSheet(chosen));
          return new StandInWorksheet(this, byName(chosen)) as unknown as WorksheetModel;
        },
      },
    };
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  async sync(): Promise<void> {
    this.standIn.syncCount++;
    await Promise.resolve();
    if (this.standIn.isInCellEditMode) {
      this.ops = [];
      throw new StandInError(CELL_EDIT_MODE, 'Excel is in cell-editing mode.');
    }
    const ops = this.ops;
    this.ops = [];
    for (const op of ops) op();
    this.standIn.dispatchEvents();
  }

  get hasPending(): boolean {
    return this.ops.length > 0;
  }
}

export class ExcelStandIn implements ExcelApi {
  readonly ErrorCodes = { invalidOperationInCellEditMode: CELL_EDIT_MODE };
  syncCount = 0;
  runCount = 0;
  isInCellEditMode = false;
  eventsEnabled = true;
  activeSheet = 'Sheet1';
  selection: { sheet: string; address: string } | null = null;
  private sheets: SheetState[] = [];
  private pendingEvents: { sheet: SheetState; event: WorksheetChangedEvent }[] = [];
  private order = 0;
  private sheetCounter = 0;

  constructor(private readonly options: StandInOptions = {}) {
    this.addSheet('Sheet1');
  }

  /** Read by the add-in's host code when the stand-in is injected into a page. */
  get hasTriggerSource(): boolean {
    return this.options.hasTriggerSource === true;
  }

  async run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T> {
    this.runCount++;
    const context = new StandInContext(this);
    const result = await batch(context);
    // Excel.run sends whatever the batch left queued, as Office.js does.
    if (context.hasPending) await context.sync();
    return result;
  }

  nextOrder(): number {
    return this.order++;
  }

  findSheet(name: string): SheetState | null {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
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
      handlers: [],
    };
    this.sheets.push(sheet);
    return sheet;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  readValues(sheet: SheetState, b: Bounds): unknown[][] {
    const out: unknown[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row = sheet.cells[r];
      const line = new Array<unknown>(b.c1 - b.c0 + 1);
      for (let c = b.c0; c <= b.c1; c++) {
        const v = row?.[c];
        line[c - b.c0] = isBlank(v) ? '' : v;
      }
      out.push(line);
    }
    return out;
  }

  writeValues(sheet: SheetState, b: Bounds, values: readonly (readonly unknown[])[], trigger: 'ThisLocalAddin' | 'Unknown'): void {
    values.forEach((line, dr) => {
      const r = b.r0 + dr;
      const row = (sheet.cells[r] ??= []);
      line.forEach((v, dc) => {
        row[b.c0 + dc] = v;
      });
    });
    if (trigger === 'Unknown' || this.eventsEnabled) {
      const event: WorksheetChangedEvent = { address: formatBounds(b), worksheetId: sheet.id };
      if (this.options.hasTriggerSource) event.triggerSource = trigger;
      this.pendingEvents.push({ sheet, event });
    }
  }

  dispatchEvents(): void {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const { sheet, event } of events) {
      for (const handler of sheet.handlers) setTimeout(() => void handler(event), 0);
    }
  }

  // ——— what the "officer" does, and what a test looks at ———

  /** The officer types or pastes `values` with their top-left at `address`; fires onChanged. */
  edit(sheetName: string, address: string, values: readonly (readonly unknown[])[]): void {
    const sheet = this.mustFind(sheetName);
    const start = parseBounds(address);
    const bounds = { r0: start.r0, c0: start.c0, r1: start.r0 + values.length - 1, c1: start.c0 + Math.max(...values.map((v) => v.length)) - 1 };
    this.writeValues(sheet, bounds, values, 'Unknown');
    this.dispatchEvents();
  }

  /** The officer deletes rows (shifting the rows below up), as Excel's Delete Sheet Rows. */
  deleteRows(sheetName: string, firstRow: number, count: number): void {
    const sheet = this.mustFind(sheetName);
    sheet.cells.splice(firstRow - 1, count);
    const event: WorksheetChangedEvent = { address: `${firstRow}:${firstRow + count - 1}`, worksheetId: sheet.id };
    if (this.options.hasTriggerSource) event.triggerSource = 'Unknown';
    this.pendingEvents.push({ sheet, event });
    this.dispatchEvents();
  }

  value(sheetName: string, address: string): unknown {
    const { r0, c0 } = parseBounds(address);
    const v = this.mustFind(sheetName).cells[r0]?.[c0];
    return isBlank(v) ? '' : v;
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
    const read = (r: number, c: number) => {
      const v = sheet.cells[r]?.[c];
      return isBlank(v) ? '' : v;
    };
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

  private mustFind(name: string): SheetState {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`the stand-in has no sheet named ${name}`);
    return sheet;
  }
}
