/**
 * The coordinator's page: sign in with the coordinator key (kept in sessionStorage, so it goes
 * when the tab closes), pick a period, see each district's rows, last sync, findings and
 * actions missing an LAA ref, and download the master workbook.
 * Every response is parsed with the shared zod schemas; district text is only ever set with
 * textContent, never as markup.
 */
import type { z } from 'zod';
import { ErrorBody, PartnershipConfig } from '../../shared';
import { MasterStatus, type DistrictStatus } from '../../shared/merge/status';
import { startRound } from './round';

const KEY_STORAGE = 'district-returns.coordinator-key';
const PERIOD_STORAGE = 'district-returns.coordinator-period';

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page is missing #${id}`);
  return element as T;
};

const ui = {
  error: byId<HTMLParagraphElement>('error'),
  signIn: byId<HTMLElement>('sign-in'),
  signInForm: byId<HTMLFormElement>('sign-in-form'),
  key: byId<HTMLInputElement>('key'),
  signOut: byId<HTMLButtonElement>('sign-out'),
  workspace: byId<HTMLElement>('workspace'),
  partnership: byId<HTMLHeadingElement>('partnership'),
  period: byId<HTMLSelectElement>('period'),
  refresh: byId<HTMLButtonElement>('refresh'),
  download: byId<HTMLButtonElement>('download'),
  status: byId<HTMLParagraphElement>('status'),
  rows: byId<HTMLTableElement>('districts').tBodies[0]!,
  details: byId<HTMLDivElement>('details'),
};

class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? '';
}

async function request(path: string, key: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
  } catch {
    throw new RequestError('The service cannot be reached. Check your connection and try again.', 0);
  }
  if (response.ok) return response;
  const parsed = ErrorBody.safeParse(await response.json().catch(() => null));
  if (response.status === 401) throw new RequestError('That key was not accepted. Check it and sign in again.', 401);
  if (response.status === 403) throw new RequestError(parsed.success ? parsed.data.error.message : 'This needs the coordinator key.', 403);
  throw new RequestError(parsed.success ? parsed.data.error.message : `The service answered ${response.status}.`, response.status);
}

async function getJson<T extends z.ZodType>(path: string, key: string, schema: T): Promise<z.infer<T>> {
  const response = await request(path, key);
  const result = schema.safeParse(await response.json().catch(() => null));
  if (!result.success) throw new RequestError('The service sent an answer this page does not understand. Reload the page.', response.status);
  return result.data;
}

function formatTime(iso: string | null): string {
  if (iso === null) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function renderStatus(status: MasterStatus): void {
  ui.rows.replaceChildren(
    ...status.districts.map((district) => {
      const row = el('tr');
      if (!district.hasReturned) row.className = 'no-return';
      const code = el('th', district.code);
      code.scope = 'row';
      const missing = el('td', String(district.missingLaaRefs), 'num');
      if (district.missingLaaRefs > 0) missing.classList.add('warn');
      row.append(
        code,
        el('td', district.name),
        el('td', String(district.rows), 'num'),
        el('td', String(district.rowsWithUpdate), 'num'),
        el('td', district.hasReturned ? formatTime(district.lastSync) : 'No return yet'),
        el('td', String(district.findingCount), 'num'),
        missing,
      );
      return row;
    }),
  );
  ui.details.replaceChildren(...status.districts.filter((d) => d.findingCount > 0).map(renderDistrictDetails));
  const returned = status.districts.filter((d) => d.hasReturned).length;
  ui.status.textContent = `${returned} of ${status.districts.length} districts have sent a return for ${status.period.label}; ${status.actions} action(s) have an update for the board.`;
}

function renderDistrictDetails(district: DistrictStatus): HTMLElement {
  const details = el('details');
  details.id = `district-${district.code}`;
  details.append(el('summary', `${district.code}: ${district.findingCount} finding(s), ${district.missingLaaRefs} missing LAA ref(s)`));
  if (district.missingRefActions.length > 0) {
    details.append(el('h3', 'Actions with no LAA ref'));
    const list = el('ul');
    for (const action of district.missingRefActions) {
      const item = el('li');
      if (action.cell) item.append(el('span', action.cell, 'cell'));
      item.append(el('strong', action.outcome), document.createTextNode(`: ${action.action}`));
      if (action.update) item.append(el('div', `Update: ${action.update}`, 'muted'));
      list.append(item);
    }
    details.append(list);
  }
  details.append(el('h3', 'Findings'));
  const findings = el('ul');
  for (const finding of district.findings) {
    const item = el('li');
    const where = [finding.sheet, finding.cell].filter(Boolean).join('!');
    if (where) item.append(el('span', where, 'cell'));
    item.append(document.createTextNode(finding.message));
    findings.append(item);
  }
  if (district.findings.length < district.findingCount) {
    findings.append(el('li', `… and ${district.findingCount - district.findings.length} more in the master workbook's Findings sheet.`));
  }
  details.append(findings);
  return details;
}

async function loadStatus(key: string): Promise<void> {
  const period = ui.period.value;
  sessionStorage.setItem(PERIOD_STORAGE, period);
  ui.status.textContent = 'Loading…';
  try {
    renderStatus(await getJson(`/api/v1/master/status?period=${encodeURIComponent(period)}`, key, MasterStatus));
    showError(null);
  } catch (error) {
    handleError(error);
  }
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(disposition ?? '');
  return match?.[1] ?? fallback;
}

async function downloadMaster(key: string): Promise<void> {
  const period = ui.period.value;
  ui.download.disabled = true;
  ui.status.textContent = 'Making the master workbook…';
  try {
    const response = await request(`/api/v1/master.xlsx?period=${encodeURIComponent(period)}`, key);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el('a');
    link.href = url;
    link.download = fileNameFrom(response.headers.get('content-disposition'), `district-returns-${period}.xlsx`);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    ui.status.textContent = `Downloaded ${link.download}.`;
    showError(null);
  } catch (error) {
    handleError(error);
  } finally {
    ui.download.disabled = false;
  }
}

function handleError(error: unknown): void {
  if (error instanceof RequestError && error.status === 401) {
    signOut();
  }
  showError(error instanceof Error ? error.message : String(error));
}

function signOut(): void {
  sessionStorage.removeItem(KEY_STORAGE);
  ui.workspace.hidden = true;
  ui.signOut.hidden = true;
  ui.signIn.hidden = false;
  ui.key.value = '';
  ui.key.focus();
}

let config: PartnershipConfig | null = null;
let round: ReturnType<typeof startRound> | null = null;

function fillPeriods(periods: PartnershipConfig['periods'], selected: string): void {
  ui.period.replaceChildren(
    ...periods.map((entry) => {
      const option = el('option', `${entry.label} (${entry.id})`);
      option.value = entry.id;
      return option;
    }),
  );
  ui.period.value = selected;
}

async function signIn(key: string): Promise<void> {
  config = await getJson('/api/v1/config', key, PartnershipConfig);
  const ids = config.periods.map((p) => p.id);
  const remembered = sessionStorage.getItem(PERIOD_STORAGE);
  // The latest period is the one being gathered now, unless the coordinator picked another.
  const period = remembered && ids.includes(remembered) ? remembered : [...ids].sort().at(-1)!;
  // A district key can read the configuration too: only the status proves a coordinator key.
  const status = await getJson(`/api/v1/master/status?period=${encodeURIComponent(period)}`, key, MasterStatus);
  sessionStorage.setItem(KEY_STORAGE, key);
  ui.partnership.textContent = `${config.partnership.name} partnership`;
  fillPeriods(config.periods, period);
  round ??= startRound({
    key: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
    period: () => ui.period.value,
    config: () => config!,
    async reloadConfig() {
      config = await getJson('/api/v1/config', sessionStorage.getItem(KEY_STORAGE) ?? '', PartnershipConfig);
      fillPeriods(config.periods, ui.period.value);
    },
    onError: handleError,
  });
  ui.signIn.hidden = true;
  ui.signOut.hidden = false;
  ui.workspace.hidden = false;
  showError(null);
  renderStatus(status);
}

function start(): void {
  const currentKey = () => sessionStorage.getItem(KEY_STORAGE) ?? '';
  ui.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ui.key.value.trim();
    if (key === '') {
      showError('Enter the coordinator key.');
      return;
    }
    signIn(key).catch(handleError);
  });
  ui.signOut.addEventListener('click', signOut);
  ui.period.addEventListener('change', () => {
    void loadStatus(currentKey());
    round?.refresh();
  });
  ui.refresh.addEventListener('click', () => void loadStatus(currentKey()));
  ui.download.addEventListener('click', () => void downloadMaster(currentKey()));
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) signIn(saved).catch(handleError);
}

start();
