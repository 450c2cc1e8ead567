/**
 * The officer's page, for districts without the add-in: sign in with the district key (kept in
 * sessionStorage, so it goes when the tab closes), download "my return" for a period, then drop
 * or pick the filled-in workbook: the service checks it and answers with its findings (the same
 * words as the task pane: both come from shared/rules) and the plan (rows to add, change, leave,
 * delete, and conflicts with newer edits) without storing anything (`dryRun=1`). Only "Send the
 * return" stores it; the listed deletions only when the officer ticks them (`confirm=1`).
 * District text is only ever set with textContent, never as markup.
 */
import { z } from 'zod';
import { PartnershipConfig, type Finding, type PlanConflict, type PlanRow, type UploadAnswer as UploadAnswerType } from '../../../shared';
import { byId, callService, el, getJson, RequestError, saveDownload, UploadAnswer } from '../http';

const KEY_STORAGE = 'district-returns.officer-key';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Me = z.object({ role: z.enum(['district', 'coordinator']), district: z.string().nullable(), name: z.string().nullable() });

const ui = {
  error: byId<HTMLParagraphElement>('error'),
  signIn: byId<HTMLElement>('sign-in'),
  signInForm: byId<HTMLFormElement>('sign-in-form'),
  key: byId<HTMLInputElement>('key'),
  signOut: byId<HTMLButtonElement>('sign-out'),
  workspace: byId<HTMLElement>('workspace'),
  district: byId<HTMLHeadingElement>('district'),
  period: byId<HTMLSelectElement>('period'),
  download: byId<HTMLButtonElement>('download'),
  drop: byId<HTMLDivElement>('drop'),
  file: byId<HTMLInputElement>('file'),
  status: byId<HTMLParagraphElement>('status'),
  review: byId<HTMLDivElement>('review'),
  findings: byId<HTMLUListElement>('findings'),
  plan: byId<HTMLDivElement>('plan'),
  deleteChoice: byId<HTMLParagraphElement>('delete-choice'),
  confirmDelete: byId<HTMLInputElement>('confirm-delete'),
  confirmDeleteLabel: byId<HTMLLabelElement>('confirm-delete-label'),
  send: byId<HTMLButtonElement>('send'),
  cancel: byId<HTMLButtonElement>('cancel'),
};

/** The workbook waiting for the officer's confirmation. */
let pending: { name: string; data: ArrayBuffer } | null = null;
const currentKey = () => sessionStorage.getItem(KEY_STORAGE) ?? '';

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? '';
}

const FIELD_WORDS: Record<string, string> = { outcome: 'Outcome', aim: 'Aim', laaRefs: 'LAA Ref', action: 'Actions', update: 'District Update', status: 'Status' };
const REASON_WORDS: Record<PlanConflict['reason'], string> = {
  'both-changed': 'changed both in this workbook and on the service since your last upload',
  'changed-since-workbook': 'not in this workbook, but changed on the service since your last upload, so it is not deleted',
  'deleted-on-service': 'deleted on the service since your last upload',
  'changed-on-service': 'different on the service (changed through the add-in), and this workbook was not made from it',
};

function planItem(row: PlanRow, extra?: string): HTMLLIElement {
  const item = el('li');
  item.append(el('strong', row.outcome), document.createTextNode(`: ${row.action}`));
  if (row.where) item.append(el('span', ` (${row.where})`, 'where'));
  if (extra) item.append(el('div', extra, 'muted'));
  return item;
}

function planSection(title: string, rows: readonly PlanRow[], describe?: (row: PlanRow) => string | undefined): HTMLElement | null {
  if (rows.length === 0) return null;
  const section = el('section');
  const heading = el('h4', `${title} (${rows.length})`);
  section.append(heading, el('ul'));
  section.querySelector('ul')!.append(...rows.map((row) => planItem(row, describe?.(row))));
  return section;
}

function conflictText(conflict: PlanConflict): string {
  const cells = conflict.fields.map((f) => FIELD_WORDS[f] ?? f).join(', ');
  const lines = [`Not sent: this row was ${REASON_WORDS[conflict.reason]}${cells ? ` (${cells})` : ''}.`];
  if (conflict.service && conflict.fields.includes('update')) lines.push(`On the service: ${conflict.service.update}`);
  if (conflict.workbook && conflict.fields.includes('update')) lines.push(`In this workbook: ${conflict.workbook.update}`);
  lines.push('Download my return to start from the rows the service has.');
  return lines.join('\n');
}

function renderFindings(findings: readonly Finding[]): void {
  ui.findings.replaceChildren(
    ...(findings.length === 0
      ? [el('li', 'No findings.')]
      : findings.map((finding) => {
          const item = el('li');
          const where = [finding.sheet, finding.cell].filter(Boolean).join('!');
          if (where) item.append(el('span', where, 'cell'));
          item.append(document.createTextNode(finding.message));
          return item;
        })),
  );
}

function renderPlan(answer: UploadAnswerType): void {
  const { plan } = answer;
  const sections = [
    planSection('Rows to add', plan.add),
    planSection('Rows to change', plan.change, (row) => `Changes ${row.fields.map((f) => FIELD_WORDS[f] ?? f).join(', ')}.`),
    planSection('Conflicts: rows not sent', plan.conflicts, (row) => conflictText(row as PlanConflict)),
    planSection('Rows to delete', plan.delete, () => 'Not in this workbook.'),
  ].filter((s): s is HTMLElement => s !== null);
  if (plan.leave.length > 0) {
    // Usually most of the return: folded away so what will change stays in view.
    const unchanged = el('details');
    const list = el('ul');
    list.append(...plan.leave.map((row) => planItem(row)));
    unchanged.append(el('summary', `Rows left as they are (${plan.leave.length})`), list);
    sections.push(unchanged);
  }
  for (const section of sections) if (section.querySelector('h4')?.textContent?.startsWith('Conflicts')) section.classList.add('conflict');
  ui.plan.replaceChildren(...sections);
  const toDelete = plan.delete.length;
  ui.deleteChoice.hidden = toDelete === 0;
  ui.confirmDelete.checked = false;
  ui.confirmDeleteLabel.textContent = `Also delete the ${toDelete} row(s) listed under "Rows to delete"`;
  const isNothing = plan.add.length + plan.change.length + toDelete === 0;
  ui.send.disabled = isNothing;
  ui.status.textContent = isNothing
    ? `No change: ${plan.leave.length} row(s) are the same as the service has${plan.conflicts.length ? `, ${plan.conflicts.length} conflict(s)` : ''}.`
    : `Checked ${pending?.name ?? 'the workbook'}: ${plan.add.length} to add, ${plan.change.length} to change, ${toDelete} to delete, ${plan.conflicts.length} conflict(s). Nothing is stored yet.`;
}

async function postWorkbook(data: ArrayBuffer, query: string): Promise<UploadAnswerType> {
  return getJson(`/api/v1/returns?period=${encodeURIComponent(ui.period.value)}&${query}`, currentKey(), UploadAnswer, {
    method: 'POST',
    headers: { 'content-type': XLSX_TYPE },
    body: data,
  });
}

async function checkFile(file: File): Promise<void> {
  showError(null);
  ui.review.hidden = true;
  if (!/\.xlsx$/i.test(file.name)) {
    showError(`${file.name} is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook" and choose it again.`);
    return;
  }
  ui.status.textContent = `Checking ${file.name}…`;
  try {
    pending = { name: file.name, data: await file.arrayBuffer() };
    const answer = await postWorkbook(pending.data, 'dryRun=1');
    renderFindings(answer.findings);
    renderPlan(answer);
    ui.review.hidden = false;
    ui.send.focus();
  } catch (error) {
    pending = null;
    handleError(error);
    if (error instanceof RequestError && Array.isArray((error.details as { findings?: unknown })?.findings)) {
      renderFindings((error.details as { findings: Finding[] }).findings);
      ui.plan.replaceChildren(el('p', 'Nothing can be sent until these are fixed in the workbook.'));
      ui.deleteChoice.hidden = true;
      ui.send.disabled = true;
      ui.review.hidden = false;
    }
  }
}

async function send(): Promise<void> {
  if (!pending) return;
  ui.send.disabled = true;
  ui.status.textContent = 'Sending…';
  try {
    const answer = await postWorkbook(pending.data, ui.confirmDelete.checked ? 'confirm=1' : 'confirm=0');
    const s = answer.summary;
    ui.review.hidden = true;
    pending = null;
    ui.file.value = '';
    const parts = [`${s.inserted} added`, `${s.updated} changed`, `${s.deleted} deleted`, `${s.unchanged} left as they were`];
    const notes = [s.conflicts ? `${s.conflicts} conflict(s) not sent` : '', s.notDeleted ? `${s.notDeleted} row(s) not deleted` : ''].filter(Boolean);
    ui.status.textContent = `Stored: ${parts.join(', ')}.${notes.length ? ` ${notes.join('; ')}.` : ''}`;
    ui.status.focus();
  } catch (error) {
    handleError(error);
  } finally {
    ui.send.disabled = false;
  }
}

async function downloadMyReturn(): Promise<void> {
  ui.download.disabled = true;
  ui.status.textContent = 'Making your return…';
  try {
    const period = ui.period.value;
    const response = await callService(`/api/v1/returns/my-return.xlsx?period=${encodeURIComponent(period)}`, currentKey());
    const name = await saveDownload(response, `return-${period}.xlsx`);
    ui.status.textContent = `Downloaded ${name}.`;
    showError(null);
  } catch (error) {
    handleError(error);
  } finally {
    ui.download.disabled = false;
  }
}

function handleError(error: unknown): void {
  if (error instanceof RequestError && error.status === 401) signOut();
  ui.status.textContent = '';
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

async function signIn(key: string): Promise<void> {
  const me = await getJson('/api/v1/me', key, Me);
  if (me.role !== 'district' || me.district === null) {
    throw new RequestError("This page is for a district's key. The coordinator's page is at /.", 403);
  }
  const config = await getJson('/api/v1/config', key, PartnershipConfig);
  sessionStorage.setItem(KEY_STORAGE, key);
  ui.district.textContent = `${me.name ?? me.district} (${me.district})`;
  const periods = [...config.periods].sort((a, b) => a.id.localeCompare(b.id));
  ui.period.replaceChildren(
    ...periods.map((entry) => {
      const option = el('option', `${entry.label} (${entry.id})`);
      option.value = entry.id;
      return option;
    }),
  );
  // The latest period is the one being gathered now.
  ui.period.value = periods.at(-1)!.id;
  ui.signIn.hidden = true;
  ui.signOut.hidden = false;
  ui.workspace.hidden = false;
  showError(null);
}

function start(): void {
  ui.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ui.key.value.trim();
    if (key === '') {
      showError('Enter your district key.');
      return;
    }
    signIn(key).catch(handleError);
  });
  ui.signOut.addEventListener('click', signOut);
  ui.download.addEventListener('click', () => void downloadMyReturn());
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file) void checkFile(file);
  });
  ui.drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    ui.drop.classList.add('over');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  ui.drop.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void checkFile(file);
  });
  ui.send.addEventListener('click', () => void send());
  ui.cancel.addEventListener('click', () => {
    pending = null;
    ui.review.hidden = true;
    ui.file.value = '';
    ui.status.textContent = 'Cancelled: nothing was stored.';
    ui.file.focus();
  });
  ui.period.addEventListener('change', () => {
    pending = null;
    ui.review.hidden = true;
  });
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) signIn(saved).catch(handleError);
}

start();
