/**
 * Drawing the pane's lists. Everything that comes from a sheet or the service (an officer's
 * text, a finding's message quoting it) goes in through textContent, never as markup.
 */
import { RULES, type Finding, type GridRow, type RowPayload, type RuleId } from '../../shared';
import type { HeldRow } from '../check/row-payloads';
import type { SyncStatus } from '../sync/sync-client';
import type { Conflict } from '../sync/sync-state';

export function mustFind<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the pane has no #${id}`);
  return element as T;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Findings grouped by rule (in the order sortFindings gives), each a button to its cell. */
export function renderFindings(
  container: HTMLElement,
  findings: readonly Finding[],
  rows: readonly GridRow[],
  onSelect: (finding: Finding) => void,
): void {
  const byRow = new Map(rows.map((row) => [row.row, row]));
  const groups = new Map<RuleId, Finding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.rule) ?? [];
    list.push(finding);
    groups.set(finding.rule, list);
  }
  const fragment = document.createDocumentFragment();
  for (const [rule, list] of groups) {
    const definition = RULES[rule];
    const group = make('section', `finding-group severity-${definition.severity}`);
    group.dataset.rule = rule;
    const heading = make('h3');
    heading.append(make('span', 'severity-dot'), make('span', undefined, `${definition.title} (${list.length})`));
    const items = make('ul', 'finding-list');
    for (const finding of list) {
      const item = make('li');
      const button = make('button', 'finding');
      button.type = 'button';
      button.dataset.cell = finding.cell;
      button.append(make('span', 'finding-cell', finding.cell), make('span', 'finding-message', finding.message));
      const rowNumber = Number(/\d+$/.exec(finding.cell)?.[0] ?? 0);
      const row = byRow.get(rowNumber);
      if (row?.action) button.append(make('span', 'finding-context', clip(row.action, 90)));
      button.addEventListener('click', () => onSelect(finding));
      item.append(button);
      items.append(item);
    }
    group.append(heading, items);
    fragment.append(group);
  }
  container.replaceChildren(fragment);
}

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "rows 5, 9 (no known outcome); row 12 (no action)": which rows wait, grouped by reason. */
export function describeHeld(held: readonly HeldRow[]): string {
  const byReason = new Map<string, number[]>();
  for (const { row, reason } of held) byReason.set(reason, [...(byReason.get(reason) ?? []), row]);
  const parts = [...byReason].map(([reason, rows]) => {
    const shown = rows.length > 6 ? `${rows.slice(0, 6).join(', ')} and ${rows.length - 6} more` : rows.join(', ');
    return `${rows.length === 1 ? 'row' : 'rows'} ${shown} (${reason})`;
  });
  return `${held.length === 1 ? '1 row' : `${held.length} rows`} held back: ${parts.join('; ')}`;
}

/**
 * The sync line. Never "synced" (green) while a row is held back: the service does not have
 * the whole return yet.
 */
export function describeSync(status: SyncStatus, held: readonly HeldRow[]): { text: string; tone: 'synced' | 'offline' | 'held' | 'plain' } {
  const parts: string[] = [];
  if (status.isSending) parts.push('Sending…');
  parts.push(status.waiting === 0 ? 'No changes waiting' : `${status.waiting} change${status.waiting === 1 ? '' : 's'} waiting`);
  if (status.lastSyncedAt) parts.push(`last synced ${time(status.lastSyncedAt)}`);
  if (status.problem?.kind === 'offline') parts.push(`offline, trying again${status.nextAttemptAt ? ` at ${time(status.nextAttemptAt)}` : ''}`);
  else if (status.problem) parts.push(status.problem.message);
  if (held.length > 0) parts.push(describeHeld(held));
  const tone =
    status.problem?.kind === 'offline' ? 'offline' : held.length > 0 ? 'held' : status.waiting === 0 && status.lastSyncedAt ? 'synced' : 'plain';
  return { text: `${parts.join(' · ')}.`, tone };
}

function describeRow(row: RowPayload | null): string {
  if (!row) return '(deleted)';
  return [row.laaRefs.join(' '), row.update || '(no update)'].filter(Boolean).join(' — ');
}

export function renderConflicts(
  container: HTMLElement,
  conflicts: readonly Conflict[],
  onKeepMine: (id: string) => void,
  onTakeTheirs: (id: string) => void,
): void {
  const items = conflicts.map((conflict) => {
    const item = make('li', 'conflict');
    item.dataset.rowId = conflict.id;
    const action = conflict.mine?.action ?? conflict.theirs?.action ?? conflict.id;
    item.append(make('strong', undefined, `Changed on the service too: ${clip(action, 80)}`));
    const details = make('dl');
    details.append(make('dt', undefined, 'Yours'), make('dd', undefined, describeRow(conflict.mine)));
    details.append(make('dt', undefined, "The service's"), make('dd', undefined, describeRow(conflict.theirs)));
    const keep = make('button', undefined, 'Keep mine');
    keep.type = 'button';
    keep.addEventListener('click', () => onKeepMine(conflict.id));
    const take = make('button', undefined, "Take the service's");
    take.type = 'button';
    take.addEventListener('click', () => onTakeTheirs(conflict.id));
    const buttons = make('div', 'button-row');
    buttons.append(keep, take);
    item.append(details, buttons);
    return item;
  });
  container.replaceChildren(...items);
}
