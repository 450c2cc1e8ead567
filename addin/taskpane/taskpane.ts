/**
 * The task pane: connect, choose or start the sheet, show its findings and its sync state.
 * Waits for Office once (through addin/excel, the only code that knows Office), then keeps the
 * chosen sheet checked and its rows synced. Settings and the configuration are remembered in
 * storage (under Office's partition key where there is one), so a reopened pane carries on
 * where it was, and checks offline.
 */
// First: the built-ins older webviews lack, before any module's top-level code runs.
import './builtins';
import { z } from 'zod';
import { PartnershipConfig, gridRowFromPayload, parseConfig, sortFindings, type Finding, type GridRow, type Period, type RowPayload } from '../../shared';
import { findUnchangedUpdates, getPreviousPeriod, indexPreviousUpdates, type PreviousUpdates } from '../../shared/merge';
import { createServiceApi, type ServiceApi } from '../api/service-api';
import { toSheetRows, type HeldRow } from '../check/row-payloads';
import { createSheetChecker, type SheetChecker } from '../check/sheet-checker';
import type { GridCheck } from '../check/check-grid';
import { connectWorkbook, SheetProtectedError, type NewReturnRow, type SheetEvent, type WorkbookPort } from '../excel';
import { openStorage, storageKey, type KeyValueStorage } from '../sync/storage';
import { newUuid } from '../sync/uuid';
import { SyncClient, type FetchLike } from '../sync/sync-client';
import { describeSync, mustFind, renderConflicts, renderFindings } from './pane-view';

const Settings = z.object({
  serviceUrl: z.string(),
  key: z.string(),
  period: z.string().optional(),
  /** Worksheet.id of the checked sheet (a name, from older versions, works until a rename). */
  sheet: z.string().optional(),
});
type Settings = z.infer<typeof Settings>;

interface Session {
  settings: Settings;
  config: PartnershipConfig;
  api: ServiceApi;
  sync: SyncClient;
  period: Period;
  /**
   * The district's updates of the period before, read from the service, so an update repeated
   * from it is an update-unchanged warning here as in the master; null until read (or offline).
   */
  previous: { periodId: string; periodLabel: string; district: string; updates: PreviousUpdates } | null;
}

const SYNC_SOON_MS = 800;

class TaskPane {
  private session: Session | null = null;
  private checker: SheetChecker | null = null;
  private lastCheck: GridCheck | null = null;
  private held: HeldRow[] = [];
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watched = new Set<string>();
  private readonly fetch: FetchLike = (url, init) => window.fetch(url, init);

  constructor(
    private readonly workbook: WorkbookPort,
    private readonly storage: KeyValueStorage,
    private readonly partitionKey: string | null,
    /** False: storage is in memory; unsent changes are sent at once, and the pane says so. */
    private isStoragePersistent: boolean,
  ) {}

  /** Browser storage failed mid-session: the outbox now lives in memory, so send it first. */
  storageLost(): void {
    this.isStoragePersistent = false;
    showStorageWarning();
    this.scheduleSync(0);
  }

  async start(): Promise<void> {
    mustFind<HTMLFormElement>('connect-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.connect(mustFind<HTMLInputElement>('service-url').value.trim(), mustFind<HTMLInputElement>('district-key').value.trim());
    });
    mustFind('disconnect').addEventListener('click', () => this.showConnect());
    mustFind('use-sheet').addEventListener('click', () => void this.guard(() => this.useActiveSheet()));
    mustFind('start-return').addEventListener('click', () => void this.guard(() => this.startReturn()));
    mustFind('load-return').addEventListener('click', () => void this.guard(() => this.loadReturn()));
    mustFind('offer-load').addEventListener('click', () => void this.guard(() => this.loadReturn()));
    mustFind('offer-start').addEventListener('click', () => void this.guard(() => this.startReturn({ evenIfRows: true })));
    mustFind('sync-now').addEventListener('click', () => void this.syncNow());
    mustFind<HTMLSelectElement>('period').addEventListener('change', (event) => {
      void this.guard(() => this.choosePeriod((event.target as HTMLSelectElement).value));
    });
    window.addEventListener('online', () => this.scheduleSync(0));

    const settings = this.readSettings();
    mustFind<HTMLInputElement>('service-url').value = settings?.serviceUrl ?? window.location.origin;
    if (settings) await this.resume(settings);
    else this.showConnect();
  }

  // ——— connecting ———

  private showConnect(): void {
    mustFind('work').hidden = true;
    mustFind('connect').hidden = false;
  }

  private async connect(serviceUrl: string, key: string): Promise<void> {
    const message = mustFind('connect-message');
    message.className = 'message';
    if (!/^https?:\/\/[^/]+/.test(serviceUrl) || key === '') {
      message.classList.add('message-error');
      message.textContent = 'Give the service address (https://…) and your district key.';
      return;
    }
    message.textContent = 'Connecting…';
    const api = createServiceApi(serviceUrl, key, this.fetch);
    try {
      const config = await api.getConfig();
      this.storage.setItem(storageKey(this.partitionKey, 'config'), JSON.stringify(config));
      const settings: Settings = { serviceUrl: serviceUrl.replace(/\/+$/, ''), key };
      this.saveSettings(settings);
      message.textContent = '';
      this.open(settings, config, api);
    } catch (error) {
      message.classList.add('message-error');
      message.textContent = (error as Error).message;
    }
  }

  /** A remembered connection: the service's configuration if it answers, the stored one if not. */
  private async resume(settings: Settings): Promise<void> {
    const api = createServiceApi(settings.serviceUrl, settings.key, this.fetch);
    let config: PartnershipConfig | null = null;
    try {
      config = await api.getConfig();
      this.storage.setItem(storageKey(this.partitionKey, 'config'), JSON.stringify(config));
    } catch {
      const stored = this.storage.getItem(storageKey(this.partitionKey, 'config'));
      const parsed = stored ? parseConfig(safeJson(stored)) : null;
      config = parsed?.ok ? parsed.config : null;
    }
    if (!config) return this.showConnect();
    this.open(settings, config, api);
    if (settings.sheet) await this.guard(() => this.bindSheet(settings.sheet!));
  }

  private open(settings: Settings, config: PartnershipConfig, api: ServiceApi): void {
    const periods = config.periods;
    const period = periods.find((p) => p.id === settings.period) ?? periods[periods.length - 1]!;
    const select = mustFind<HTMLSelectElement>('period');
    select.replaceChildren(
      ...periods.map((p) => {
        const option = document.createElement('option');
        option.value = p.id;
        option.textContent = `${p.label} (${p.id})`;
        return option;
      }),
    );
    select.value = period.id;
    this.session = { settings, config, api, period, sync: this.createSync(settings, period), previous: null };
    void this.loadPrevious();
    mustFind('connected-to').textContent = `${config.partnership.name} · ${new URL(settings.serviceUrl).host}`;
    mustFind('connect').hidden = true;
    mustFind('work').hidden = false;
    this.renderSync();
    this.scheduleSync(0);
  }

  private createSync(settings: Settings, period: Period): SyncClient {
    const client = new SyncClient({
      serviceUrl: settings.serviceUrl,
      key: settings.key,
      period: period.id,
      fetch: this.fetch,
      storage: this.storage,
      now: () => new Date(),
      newBatchId: () => newUuid(),
      partitionKey: this.partitionKey,
      backoff: { baseMs: 1000, maxMs: 30_000 },
    });
    client.onStatus(() => this.renderSync());
    return client;
  }

  private async choosePeriod(id: string): Promise<void> {
    const session = this.mustSession();
    const period = session.config.periods.find((p) => p.id === id);
    if (!period) return;
    session.period = period;
    session.sync = this.createSync(session.settings, period);
    session.settings = { ...session.settings, period: id };
    session.previous = null;
    this.saveSettings(session.settings);
    void this.loadPrevious();
    if (this.checker) await this.checkAndRecord();
  }

  /**
   * Reads the district's rows of the period before the chosen one (GET /rows), then shows the
   * findings again with its repeated updates. Offline, or for the first period, there are none:
   * the master still finds them.
   */
  private async loadPrevious(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const period = session.period;
    const previousId = getPreviousPeriod(session.config, period.id);
    if (previousId === null) return;
    let rows;
    try {
      rows = await session.api.getRows(previousId);
    } catch {
      return;
    }
    // The officer may have chosen another period meanwhile.
    if (this.session !== session || session.period !== period || rows.length === 0) return;
    session.previous = {
      periodId: previousId,
      periodLabel: session.config.periods.find((p) => p.id === previousId)?.label ?? previousId,
      district: rows[0]!.district,
      updates: indexPreviousUpdates(rows.map((stored) => gridRowFromPayload(stored.row, stored.id, session.config))),
    };
    if (this.lastCheck) this.showFindings(this.lastCheck);
  }

  // ——— the sheet ———

  private async useActiveSheet(): Promise<void> {
    await this.bindSheet((await this.workbook.activeSheet()).id);
  }

  /** Checks a sheet from now on; `key` is its Worksheet.id (or, from older settings, its name). */
  private async bindSheet(key: string): Promise<void> {
    const session = this.mustSession();
    this.checker?.stop();
    this.checker = null;
    const sheetId = (await this.workbook.readGrid(key)).sheetId;
    const checker = createSheetChecker({
      workbook: this.workbook,
      sheet: sheetId,
      config: session.config,
      newId: () => newUuid(),
      period: () => session.period.id,
      onChecked: (check) => this.showCheck(check),
      onError: (error) => this.showSheetMessage(error instanceof SheetProtectedError ? error.message : `The check stopped: ${(error as Error).message}`, true),
    });
    this.checker = checker;
    if (!this.watched.has(sheetId)) {
      await this.workbook.watchSheet(sheetId, (event) => this.onSheetEvent(sheetId, event));
      this.watched.add(sheetId);
    }
    const check = await checker.checkNow();
    if (!check.header) {
      checker.stop();
      this.checker = null;
      this.showSheetMessage(`No return grid on "${check.sheet}": the add-in looks for a header row with Actions and at least two of Outcome, Aim, LAA Ref and District Update.`, true);
      return;
    }
    session.settings = { ...session.settings, sheet: sheetId };
    this.saveSettings(session.settings);
    if (!check.isProtected) this.showSheetMessage(`Checking "${check.sheet}" as you type.`, false);
  }

  private onSheetEvent(sheetId: string, event: SheetEvent): void {
    const checker = this.checker;
    if (!checker || checker.sheet !== sheetId) return;
    if (event.kind === 'selection') checker.notifySelection(event.address);
    else checker.notifyChanged({ isRemote: event.isRemote, address: event.address });
  }

  private showCheck(check: GridCheck): void {
    this.lastCheck = check;
    this.showFindings(check);
    const session = this.session;
    if (!session || !check.header) return;
    const { rows, held } = toSheetRows(check.rows);
    this.held = held;
    const queued = session.sync.recordSheet(check.sheetId, rows);
    this.renderSync();
    // With storage in memory, what is queued is lost when the pane closes: send it at once.
    if (queued > 0) this.scheduleSync(this.isStoragePersistent ? SYNC_SOON_MS : 0);
  }

  /** The sheet's findings, with updates repeated from the previous period (update-unchanged) once those are read. */
  private showFindings(check: GridCheck): void {
    const previous = this.session?.previous;
    const unchanged = previous ? findUnchangedUpdates(check.rows, previous.updates, { district: previous.district, previousPeriod: previous.periodLabel }) : [];
    const findings = unchanged.length === 0 ? check.findings : sortFindings([...check.findings, ...unchanged], [check.sheet]);
    mustFind('findings-count').textContent = findings.length === 0 ? '' : `(${findings.length})`;
    const empty = mustFind('findings-empty');
    empty.hidden = findings.length > 0;
    empty.textContent = !check.header
      ? 'Choose a sheet to check.'
      : check.rows.length === 0
        ? 'No actions on this sheet yet: add your rows under the header.'
        : 'No findings: this return is ready.';
    if (check.isProtected) this.showSheetMessage(new SheetProtectedError(check.sheet).message, true);
    renderFindings(mustFind('findings'), findings, check.rows, (finding) => void this.select(finding));
  }

  private async checkAndRecord(): Promise<void> {
    if (this.checker) await this.checker.checkNow();
  }

  private async select(finding: Finding): Promise<void> {
    await this.guard(() => this.workbook.selectCell(finding.sheet, finding.cell));
  }

  private async startReturn(options: { evenIfRows?: boolean } = {}): Promise<void> {
    const session = this.mustSession();
    const { config, period } = session;
    mustFind('start-offer').hidden = true;
    if (!options.evenIfRows) {
      // The district already sent rows for this period (another workbook, another officer):
      // starting empty would send them again as new rows, so offer to load them instead.
      const existing = (await session.api.getRows(period.id)).filter((r) => !r.deleted);
      if (existing.length > 0) {
        mustFind('start-offer-text').textContent =
          `The service already has ${existing.length} row${existing.length === 1 ? '' : 's'} of your district for ${period.label}. Load them to carry on, or start an empty return anyway.`;
        mustFind('start-offer').hidden = false;
        return;
      }
    }
    const index = config.periods.findIndex((p) => p.id === period.id);
    const previous = index > 0 ? config.periods[index - 1] : undefined;
    let carried: NewReturnRow[] = [];
    let note = '';
    if (previous) {
      try {
        const rows = await session.api.getRows(previous.id);
        carried = rows.filter((r) => !r.deleted).map((r) => toNewRow(r.id, r.row, ''));
        note = carried.length > 0 ? ` with ${carried.length} actions carried over from ${previous.label}` : '';
      } catch (error) {
        note = ` (the previous period's actions could not be fetched: ${(error as Error).message})`;
      }
    }
    const sheet = await this.workbook.createReturnSheet(newSheetSpec(config, period, carried, `Return ${period.id}`));
    await this.bindSheet(sheet.id);
    this.showSheetMessage(`Started "${sheet.name}"${note}. Write this period's District Updates.`, false);
  }

  private async loadReturn(): Promise<void> {
    const session = this.mustSession();
    mustFind('start-offer').hidden = true;
    const rows = (await session.api.getRows(session.period.id)).filter((r) => !r.deleted);
    const sheet = await this.workbook.createReturnSheet(
      newSheetSpec(session.config, session.period, rows.map((r) => toNewRow(r.id, r.row, r.row.update)), `My return ${session.period.id}`),
    );
    session.sync.adoptRows(rows, sheet.id);
    await this.bindSheet(sheet.id);
    this.showSheetMessage(`Loaded ${rows.length} rows from the service into "${sheet.name}".`, false);
  }

  // ——— syncing ———

  private scheduleSync(delayMs: number): void {
    const session = this.session;
    if (!session) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    const wait = Math.max(delayMs, session.sync.msUntilDue());
    if (!Number.isFinite(wait)) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      void session.sync.syncIfDue().then(() => this.afterSync(session));
    }, wait);
  }

  private async syncNow(): Promise<void> {
    const session = this.mustSession();
    if (this.checker) await this.guard(() => this.checkAndRecord());
    await session.sync.sync();
    this.afterSync(session);
  }

  private afterSync(session: Session): void {
    this.renderSync();
    if (session === this.session && session.sync.hasWork()) this.scheduleSync(0);
  }

  private renderSync(): void {
    const session = this.session;
    if (!session) return;
    const status = session.sync.status();
    const { text, tone } = describeSync(status, this.held);
    const line = mustFind('sync-state');
    line.textContent = text;
    line.className = `sync-state${tone === 'plain' ? '' : ` is-${tone}`}`;
    renderConflicts(
      mustFind('conflicts'),
      status.conflicts,
      (id) => {
        session.sync.keepMine(id);
        this.scheduleSync(0);
      },
      (id) => void this.guard(() => this.takeTheirs(id)),
    );
  }

  private async takeTheirs(id: string): Promise<void> {
    const session = this.mustSession();
    const theirs = session.sync.takeTheirs(id);
    const row = this.lastCheck?.rows.find((r) => r.id === id);
    if (row && this.checker) await this.workbook.writeCells(this.checker.sheet, cellsFor(row, theirs));
    await this.checkAndRecord();
  }

  // ——— small things ———

  private mustSession(): Session {
    if (!this.session) throw new Error('Connect to the service first.');
    return this.session;
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.showSheetMessage((error as Error).message, true);
    }
  }

  private showSheetMessage(text: string, isError: boolean): void {
    const message = mustFind('sheet-message');
    message.textContent = text;
    message.className = isError ? 'message message-error' : 'message';
  }

  private readSettings(): Settings | null {
    const text = this.storage.getItem(storageKey(this.partitionKey, 'settings'));
    const parsed = text ? Settings.safeParse(safeJson(text)) : null;
    return parsed?.success ? parsed.data : null;
  }

  private saveSettings(settings: Settings): void {
    this.storage.setItem(storageKey(this.partitionKey, 'settings'), JSON.stringify(settings));
  }
}

function toNewRow(id: string, row: RowPayload, update: string): NewReturnRow {
  return { id, outcome: row.outcome, aim: row.aim, laaRef: row.laaRefs.join('\n'), action: row.action, update };
}

function newSheetSpec(config: PartnershipConfig, period: Period, rows: NewReturnRow[], name: string) {
  return {
    name,
    title: `${config.partnership.name.toUpperCase()} BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT (${period.label})`,
    outcomes: config.outcomes.map((o) => o.name),
    aims: config.outcomes.flatMap((o) => o.aims.map((a) => `${a.code}  ${a.name}`)),
    rows,
  };
}

/** The cells of a row rewritten with the service's version (blank when it deleted the row). */
function cellsFor(row: GridRow, theirs: RowPayload | null) {
  const values: Record<string, string> = {
    outcome: theirs?.outcome ?? '',
    aim: theirs?.aim ?? '',
    laaRef: theirs?.laaRefs.join('\n') ?? '',
    action: theirs?.action ?? '',
    update: theirs?.update ?? '',
    status: theirs?.status ?? '',
  };
  return Object.entries(row.cells)
    .filter(([field]) => field in values)
    .map(([field, cell]) => ({ cell: cell!, value: values[field]! }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function showStorageWarning(): void {
  const warning = mustFind('storage-warning');
  warning.textContent =
    'This browser keeps no storage for the add-in here: changes not yet sent live only while this pane is open. Keep it open until the sync line says no changes are waiting.';
  warning.hidden = false;
}

async function main(): Promise<void> {
  const flags = globalThis as { districtReturnsTooOld?: boolean; districtReturnsStarted?: boolean };
  if (flags.districtReturnsTooOld) return;
  // legacy.js shows the "too old" message for an error before this point (a webview lacking
  // something the bundle needs at load), not after.
  flags.districtReturnsStarted = true;
  const connected = await connectWorkbook();
  if (!connected) {
    const message = mustFind('host-message');
    message.textContent = 'Open this pane from Excel: Home ▸ Check return. It checks and sends the return in your workbook.';
    message.hidden = false;
    return;
  }
  let pane: TaskPane | null = null;
  const { storage, isPersistent } = openStorage(
    () => window.localStorage,
    () => (pane ? pane.storageLost() : showStorageWarning()),
  );
  if (!isPersistent) showStorageWarning();
  pane = new TaskPane(connected.workbook, storage, connected.partitionKey, isPersistent);
  await pane.start();
}

void main();
