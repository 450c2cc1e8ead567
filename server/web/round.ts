/**
 * The coordinator's round on the page, below the returns table: who is late, each district's
 * rows with their history (who, when, before → after, a word diff by jsdiff), the exceptions,
 * a preview of the board's tables, opening a period, the LAA catalogue, keys (a new key shown
 * once) and the log of changes. One view at a time, picked from the nav; each view's heading
 * takes focus when it opens, so keyboard and screen-reader users land on it.
 * Every answer is parsed with zod; district text only ever goes in with textContent.
 */
import { diffWords } from 'diff';
import { z } from 'zod';
import { RowPayload, StoredRow, type PartnershipConfig } from '../../shared';
import { LaaRef, Period, periodAfter } from '../../shared/config/schema';
import { ExceptionRowSchema } from './round-schemas';
import { byId, callService, el, getJson } from './http';

const Round = z.object({
  period: Period,
  districts: z.array(z.object({ code: z.string(), name: z.string(), rows: z.number(), lastChange: z.string().nullable(), state: z.string() })),
});
const History = z.object({
  history: z.array(
    z.object({
      version: z.number(),
      who: z.string(),
      whoIs: z.object({ role: z.string(), district: z.string().nullable() }).nullable().optional(),
      at: z.string(),
      source: z.string(),
      before: RowPayload.nullable(),
      after: RowPayload.nullable(),
    }),
  ),
});
const Keys = z.object({
  keys: z.array(z.object({ id: z.string(), role: z.string(), district: z.string().nullable(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() })),
});
const Board = z.object({
  outcomes: z.array(z.object({ code: z.string(), name: z.string(), rows: z.array(z.object({ aim: z.string(), laaRefs: z.array(z.string()), action: z.string(), updates: z.array(z.object({ district: z.string(), text: z.string() })) })) })),
});
const Audit = z.object({ entries: z.array(z.object({ seq: z.number(), at: z.string(), who: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()) })) });

const STATE_WORDS: Record<string, string> = { 'on-time': 'On time', late: 'Sent late', missing: 'Late: nothing sent', 'not-due': 'Not due yet', sent: 'Sent' };
const FIELDS = [['outcome', 'Outcome'], ['aim', 'Aim'], ['laaRefs', 'LAA Ref'], ['action', 'Actions'], ['update', 'District Update'], ['status', 'Status']] as const;

export interface RoundContext {
  key: () => string;
  period: () => string;
  config: () => PartnershipConfig;
  /** Reloads the configuration (after a period is opened or the catalogue changes). */
  reloadConfig: () => Promise<void>;
  onError: (error: unknown) => void;
}

function formatTime(iso: string | null): string {
  if (iso === null) return '';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function row(...cells: (string | Node)[]): HTMLTableRowElement {
  const tr = el('tr');
  for (const cell of cells) {
    const td = el('td');
    if (typeof cell === 'string') td.textContent = cell;
    else td.append(cell);
    tr.append(td);
  }
  return tr;
}

function table(caption: string, headers: readonly string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  const t = el('table');
  const head = el('thead');
  const tr = el('tr');
  for (const h of headers) {
    const th = el('th', h);
    th.scope = 'col';
    tr.append(th);
  }
  head.append(tr);
  const body = el('tbody');
  body.append(...rows);
  t.append(el('caption', caption), head, body);
  return t;
}

/** A cell's text as a word diff: removed words in <del>, added in <ins>, all set as text. */
export function renderDiff(before: string, after: string): HTMLElement {
  const span = el('span');
  for (const part of diffWords(before, after)) {
    span.append(part.removed ? el('del', part.value) : part.added ? el('ins', part.value) : document.createTextNode(part.value));
  }
  return span;
}

const cellText = (row: RowPayload | null, field: (typeof FIELDS)[number][0]): string => {
  if (!row) return '';
  const value = row[field];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};

export function startRound(ctx: RoundContext): { refresh: () => void } {
  const status = byId<HTMLParagraphElement>('round-status');
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('nav.views button'));
  let current: string | null = null;
  const say = (text: string) => {
    status.textContent = text;
  };
  const run = (work: Promise<unknown>) => {
    work.catch(ctx.onError);
  };

  const views: Record<string, () => Promise<void>> = {
    'view-late': async () => {
      const round = await getJson(`/api/v1/round?period=${encodeURIComponent(ctx.period())}`, ctx.key(), Round);
      byId('late-deadline').textContent = round.period.deadline ? `Returns for ${round.period.label} are due on ${round.period.deadline}.` : `No deadline is set for ${round.period.label}.`;
      byId<HTMLTableElement>('late').tBodies[0]!.replaceChildren(
        ...round.districts.map((d) => {
          const state = el('span', STATE_WORDS[d.state] ?? d.state, `state-${d.state}`);
          return row(`${d.code} ${d.name}`, state, String(d.rows), formatTime(d.lastChange));
        }),
      );
    },
    'view-rows': async () => {
      const select = byId<HTMLSelectElement>('rows-district');
      if (select.options.length === 0) {
        select.replaceChildren(...ctx.config().districts.map((d) => Object.assign(el('option', `${d.code} ${d.name}`), { value: d.code })));
      }
    },
    'view-exceptions': async () => {
      const answer = await getJson(`/api/v1/exceptions?period=${encodeURIComponent(ctx.period())}`, ctx.key(), z.object({ exceptions: z.array(ExceptionRowSchema) }));
      byId('exceptions-out').replaceChildren(
        answer.exceptions.length === 0
          ? el('p', 'No row is At risk or Exceptional this period.')
          : table('Rows At risk or Exceptional, by district', ['District', 'Status', 'Outcome', 'Aim', 'Action', 'Update'], answer.exceptions.map((e) => row(e.district, e.status, e.outcome, e.aim, e.action, e.update))),
      );
    },
    'view-board': async () => {
      const board = await getJson(`/api/v1/board?period=${encodeURIComponent(ctx.period())}`, ctx.key(), Board);
      byId('board-out').replaceChildren(
        ...board.outcomes.map((o) =>
          o.rows.length === 0
            ? el('p', `${o.name}: no updates yet.`)
            : table(o.name, ['Aim', 'LAA Ref', 'Actions', 'District Update'], o.rows.map((r) => row(r.aim, r.laaRefs.join(', '), r.action, r.updates.map((u) => u.text).join('\n\n')))),
        ),
      );
    },
    'view-periods': async () => undefined,
    'view-refs': async () => {
      const refs = await getJson('/api/v1/laa-refs', ctx.key(), z.object({ laaRefs: z.array(LaaRef) }));
      byId<HTMLTableElement>('refs').tBodies[0]!.replaceChildren(...refs.laaRefs.map((r) => row(r.code, r.title ?? '', r.until ? periodAfter(r.until) : '')));
      byId<HTMLSelectElement>('retire-from').replaceChildren(...ctx.config().periods.map((p) => Object.assign(el('option', `${p.label} (${p.id})`), { value: p.id })));
      byId<HTMLSelectElement>('retire-from').value = ctx.period();
    },
    'view-keys': async () => {
      const who = byId<HTMLSelectElement>('key-who');
      if (who.options.length === 0) {
        who.replaceChildren(...ctx.config().districts.map((d) => Object.assign(el('option', `${d.code} ${d.name}`), { value: d.code })), Object.assign(el('option', 'Coordinator'), { value: 'coordinator' }));
      }
      const keys = await getJson('/api/v1/keys', ctx.key(), Keys);
      byId<HTMLTableElement>('keys').tBodies[0]!.replaceChildren(
        ...keys.keys.map((k) => {
          const action = el('span');
          if (k.revokedAt === null) {
            const revoke = el('button', 'Revoke', 'secondary');
            revoke.type = 'button';
            revoke.setAttribute('aria-label', `Revoke key ${k.id} (${k.district ?? 'coordinator'})`);
            revoke.addEventListener('click', () => run(revokeKey(k.id)));
            action.append(revoke);
          }
          return row(k.id, k.district ?? 'Coordinator', formatTime(k.createdAt), k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never', k.revokedAt ? formatTime(k.revokedAt) : '', action);
        }),
      );
    },
    'view-audit': async () => {
      const audit = await getJson('/api/v1/audit', ctx.key(), Audit);
      byId<HTMLTableElement>('audit').tBodies[0]!.replaceChildren(...audit.entries.map((e) => row(formatTime(e.at), e.who, e.action, JSON.stringify(e.details))));
    },
  };

  async function show(view: string): Promise<void> {
    current = view;
    for (const b of buttons) {
      const isOn = b.dataset.view === view;
      b.setAttribute('aria-current', String(isOn));
      byId(b.dataset.view!).hidden = !isOn;
    }
    await views[view]!();
    byId(view).querySelector<HTMLElement>('h3')?.focus();
  }

  async function showRows(): Promise<void> {
    const district = byId<HTMLSelectElement>('rows-district').value;
    const rows = await getJson(`/api/v1/rows?period=${encodeURIComponent(ctx.period())}&district=${encodeURIComponent(district)}`, ctx.key(), z.object({ rows: z.array(StoredRow) }));
    const status = await getJson(`/api/v1/master/status?period=${encodeURIComponent(ctx.period())}`, ctx.key(), z.object({ districts: z.array(z.object({ code: z.string(), findings: z.array(z.object({ cell: z.string(), sheet: z.string(), message: z.string(), rowId: z.string().optional() })) })) }).loose());
    const findings = status.districts.find((d) => d.code === district)?.findings ?? [];
    byId('history').hidden = true;
    byId('rows-out').replaceChildren(
      rows.rows.length === 0
        ? el('p', `${district} has no rows for this period.`)
        : table(`${district}: ${rows.rows.length} row(s)`, ['Cell', 'Outcome', 'Aim', 'LAA Ref', 'Action', 'Update', 'Status', 'Findings', 'Version'], rows.rows.map((r) => {
            const history = el('button', `History (v${r.version})`, 'secondary');
            history.type = 'button';
            history.setAttribute('aria-label', `History of the row "${r.row.action.slice(0, 60)}"`);
            history.addEventListener('click', () => run(showHistory(district, r.id)));
            const where = r.row.sheet && r.row.rowNumber ? `${r.row.sheet}!${r.row.rowNumber}` : '';
            const own = findings.filter((f) => f.rowId === r.id).map((f) => `${f.cell}: ${f.message}`).join('\n');
            return row(where, r.row.outcome, r.row.aim, r.row.laaRefs.join(', '), r.row.action, r.row.update, r.row.status ?? '', own, history);
          })),
    );
  }

  async function showHistory(district: string, id: string): Promise<void> {
    const answer = await getJson(`/api/v1/rows/${encodeURIComponent(id)}/history?period=${encodeURIComponent(ctx.period())}&district=${encodeURIComponent(district)}`, ctx.key(), History);
    const list = byId<HTMLOListElement>('history-list');
    list.replaceChildren(
      ...answer.history.map((entry) => {
        const item = el('li');
        const what = entry.before === null ? 'added' : entry.after === null ? 'deleted' : 'changed';
        const by = entry.whoIs ? (entry.whoIs.district ?? 'the coordinator') : 'a key no longer on record';
        item.append(el('strong', `Version ${entry.version}: ${what} by ${by} (key ${entry.who}, ${entry.source === 'sync' ? 'the add-in' : 'an uploaded workbook'}), ${formatTime(entry.at)}`));
        const changes = el('ul');
        for (const [field, label] of FIELDS) {
          const before = cellText(entry.before, field);
          const after = cellText(entry.after, field);
          if (before === after) continue;
          const line = el('li');
          line.append(el('span', `${label}: `), renderDiff(before, after));
          changes.append(line);
        }
        item.append(changes);
        return item;
      }),
    );
    byId('history').hidden = false;
    byId('history-title').focus();
  }

  async function revokeKey(id: string): Promise<void> {
    await callService(`/api/v1/keys/${encodeURIComponent(id)}/revoke`, ctx.key(), { method: 'POST' });
    await views['view-keys']!();
    say(`Key ${id} revoked: it no longer works.`);
  }

  const postJson = (path: string, body: unknown) => callService(path, ctx.key(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  byId<HTMLFormElement>('period-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const deadline = String(form.get('deadline') ?? '');
    run(
      postJson('/api/v1/periods', { id: String(form.get('id') ?? '').trim(), label: String(form.get('label') ?? '').trim(), ...(deadline ? { deadline } : {}) }).then(async () => {
        await ctx.reloadConfig();
        say(`Period ${String(form.get('id'))} is open: districts can send returns for it now.`);
        (event.target as HTMLFormElement).reset();
      }),
    );
  });
  byId<HTMLFormElement>('ref-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const title = String(form.get('title') ?? '').trim();
    run(
      postJson('/api/v1/laa-refs', { code: String(form.get('code') ?? '').trim(), ...(title ? { title } : {}) }).then(async () => {
        const added = String(form.get('code'));
        (event.target as HTMLFormElement).reset();
        await ctx.reloadConfig();
        await views['view-refs']!();
        say(`${added} is in the catalogue.`);
      }),
    );
  });
  byId<HTMLFormElement>('retire-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const code = String(form.get('code') ?? '').trim();
    run(
      postJson(`/api/v1/laa-refs/${encodeURIComponent(code)}/retire`, { from: String(form.get('from')) }).then(async () => {
        await ctx.reloadConfig();
        await views['view-refs']!();
        // Announced once the table shows it, so what the screen reader says and what the table shows agree.
        say(`${code} is retired from ${String(form.get('from'))}.`);
      }),
    );
  });
  byId<HTMLFormElement>('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const who = byId<HTMLSelectElement>('key-who').value;
    run(
      postJson('/api/v1/keys', { who })
        .then((response) => response.json())
        .then(async (body: unknown) => {
          const created = z.object({ key: z.string(), id: z.string() }).parse(body);
          byId('new-key-text').textContent = created.key;
          byId('new-key').hidden = false;
          await views['view-keys']!();
          say(`Key ${created.id} created for ${who}. It is shown below this once.`);
        }),
    );
  });
  byId('rows-show').addEventListener('click', () => run(showRows()));
  for (const b of buttons) b.addEventListener('click', () => run(show(b.dataset.view!)));
  return {
    refresh() {
      if (current) run(views[current]!());
    },
  };
}
