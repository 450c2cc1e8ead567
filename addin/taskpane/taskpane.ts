/**
 * The task pane: connect, choose or start the sheet, show its findings and its sync state.
 * Waits for Office once (through addin/excel, the only code that knows Office), then keeps the
 * chosen sheet checked and its rows synced. Settings and the configuration are remembered in
 * storage (under Office's partition key where there is one), so a reopened pane carries on
 * where it was, and checks offline.
 */
import { z } from 'zod';
import { PartnershipConfig, parseConfig, type Finding, type GridRow, type Period, type RowPayload } from '../../shared';
import { createServiceApi, type ServiceApi } from '../api/service-api';
import { toSheetRows } from '../check/row-payloads';
import { createSheetChecker, type SheetChecker } from '../check/sheet-checker';
import type { GridCheck } from '../check/check-grid';
import { connectWorkbook, type NewReturnRow, type WorkbookPort } from '../excel';
import { storageKey, type KeyValueStorage } from '../sync/storage';
import { SyncClient, type FetchLike } from '../sync/sync-client';
import { describeSync, mustFind, renderConflicts, renderFindings } from './pane-view';

const Settings = z.object({
  serviceUrl: z.string(),
  key: z.string(),
  period: z.string().optional(),
  sheet: z.string().optional(),
});
type Settings = z.infer<typeof Settings>;

interface Session {
  settings: Settings;
  config: PartnershipConfig;
  api: ServiceApi;
  sync: SyncClient;
  period: Period;
}

const SYNC_SOON_MS = 800;

class TaskPane {
  private session: Session | null = null;
  private checker: SheetChecker | null = null;
  private lastCheck: GridCheck | null = null;
  private heldBack = 0;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watched = new Set<string>();
  private readonly fetch: FetchLike = (url, init) => window.fetch(url, init);

  constructor(
    private readonly workbook: WorkbookPort,
    private readonly storage: KeyValueStorage,
    private readonly partitionKey: string | null,
  ) {}

  async start(): Promise<void> {
    mustFind<HTMLFormElement>('connect-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.connect(mustFind<HTMLInputElement>('service-url').value.trim(), mustFind<HTMLInputElement>('district-key').value.trim());
    });
    mustFind('disconnect').addEventListener('click', () => this.showConnect());
    mustFind('use-sheet').addEventListener('click', () => void this.guard(() => this.useActiveSheet()));
    mustFind('start-return').addEventListener('click', () => void this.guard(() => this.startReturn()));
    mustFind('load-return').addEventListener('click', () => void this.guard(() => this.loadReturn()));
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
    this.session = { settings, config, api, period, sync: this.createSync(settings, period) };
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
      newBatchId: () => crypto.randomUUID(),
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
    this.saveSettings(session.settings);
    if (this.checker) await this.checkAndRecord();
  }

  // ——— the sheet ———

  private async useActiveSheet(): Promise<void> {
    await this.bindSheet(await this.workbook.activeSheetName());
  }

  private async bindSheet(sheet: string): Promise<void> {
    const session = this.mustSession();
    this.checker?.stop();
    const checker = createSheetChecker({
      workbook: this.workbook,
      sheet,
      config: session.config,
      newId: () => crypto.randomUUID(),
      onChecked: (check) => this.showCheck(check),
      onError: (error) => this.showSheetMessage((error as Error).message, true),
    });
    this.checker = checker;
    if (!this.watched.has(sheet)) {
      await this.workbook.watchSheet(sheet, () => this.checker?.sheet === sheet && this.checker.notifyChanged());
      this.watched.add(sheet);
    }
    const check = await checker.checkNow();
    if (!check.header) {
      checker.stop();
      this.checker = null;
      this.showSheetMessage(`No return grid on "${sheet}": the add-in looks for a header row with Actions and at least two of Outcome, Aim, LAA Ref and District Update.`, true);
      return;
    }
    session.settings = { ...session.settings, sheet };
    this.saveSettings(session.settings);
    this.showSheetMessage(`Checking "${sheet}" as you type.`, false);
  }

  private showCheck(check: GridCheck): void {
    this.lastCheck = check;
    const findings = check.findings;
    mustFind('findings-count').textContent = findings.length === 0 ? '' : `(${findings.length})`;
    const empty = mustFind('findings-empty');
    empty.hidden = findings.length > 0;
    empty.textContent = check.header ? 'No findings: this return is ready.' : 'Choose a sheet to check.';
    renderFindings(mustFind('findings'), findings, check.rows, (finding) => void this.select(finding));
    const session = this.session;
    if (!session || !check.header) return;
    const { rows, heldBack } = toSheetRows(check.rows);
    this.heldBack = heldBack;
    const queued = session.sync.recordSheet(check.sheet, rows);
    this.renderSync();
    if (queued > 0) this.scheduleSync(SYNC_SOON_MS);
  }

  private async checkAndRecord(): Promise<void> {
    if (this.checker) await this.checker.checkNow();
  }

  private async select(finding: Finding): Promise<void> {
    await this.guard(() => this.workbook.selectCell(finding.sheet, finding.cell));
  }

  private async startReturn(): Promise<void> {
    const session = this.mustSession();
    const { config, period } = session;
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
    const name = await this.workbook.createReturnSheet(newSheetSpec(config, period, carried, `Return ${period.id}`));
    await this.bindSheet(name);
    this.showSheetMessage(`Started "${name}"${note}. Write this period's District Updates.`, false);
  }

  private async loadReturn(): Promise<void> {
    const session = this.mustSession();
    const rows = (await session.api.getRows(session.period.id)).filter((r) => !r.deleted);
    const name = await this.workbook.createReturnSheet(
      newSheetSpec(session.config, session.period, rows.map((r) => toNewRow(r.id, r.row, r.row.update)), `My return ${session.period.id}`),
    );
    session.sync.adoptRows(rows, name);
    await this.bindSheet(name);
    this.showSheetMessage(`Loaded ${rows.length} rows from the service into "${name}".`, false);
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
    const { text, tone } = describeSync(status, this.heldBack);
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
    if (row) await this.workbook.writeCells(row.sheet, cellsFor(row, theirs));
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

async function main(): Promise<void> {
  const connected = await connectWorkbook();
  if (!connected) {
    const message = mustFind('host-message');
    message.textContent = 'Open this pane from Excel: Home ▸ Check return. It checks and sends the return in your workbook.';
    message.hidden = false;
    return;
  }
  await new TaskPane(connected.workbook, window.localStorage, connected.partitionKey).start();
}

void main();
