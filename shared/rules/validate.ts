/**
 * The validation rules over read rows. Findings, never exceptions: an officer's mistake is
 * something to show beside the cell, not a failure.
 * Rules (ids in rules.ts): an action needs an LAA ref (missing-laa-ref) from the catalogue
 * (unknown-laa-ref, with the nearest entry); a known outcome (unknown-outcome,
 * missing-outcome); an aim of that outcome (unknown-aim, aim-outside-outcome); an update needs
 * an action (update-without-action); an outcome + action once per return (duplicate-action);
 * no cell over MAX_CELL_TEXT (text-too-long); Status one of three words (unknown-status).
 */
import type { PartnershipConfig } from '../config/schema';
import { getGridContext } from '../grid/context';
import type { GridField } from '../grid/header';
import type { GridRow } from '../grid/types';
import { ComparisonIndex } from '../text/comparison-index';
import { comparisonKey } from '../text/normalise';
import { makeFinding, MAX_CELL_TEXT, type Finding } from './rules';

const TEXT_FIELDS = [
  ['outcome', 'outcomeText'],
  ['aim', 'aim'],
  ['laaRef', 'laaRefsText'],
  ['action', 'action'],
  ['update', 'update'],
] as const satisfies readonly (readonly [GridField, keyof GridRow])[];

export function validateRows(rows: readonly GridRow[], config: PartnershipConfig): Finding[] {
  const context = getGridContext(config);
  const findings: Finding[] = [];
  const actions = new ComparisonIndex<GridRow>();
  const outcomeNames = config.outcomes.map((o) => o.name).join(', ');
  const partnership = config.partnership.name;

  for (const row of rows) {
    const where = (field: GridField) => ({
      sheet: row.sheet,
      cell: row.cells[field] ?? row.cells.action ?? row.cells.update ?? '',
      rowId: row.id,
    });
    for (const [field, key] of TEXT_FIELDS) {
      const length = (row[key] as string).length;
      if (length > MAX_CELL_TEXT) findings.push(makeFinding('text-too-long', where(field), { length, limit: MAX_CELL_TEXT }));
    }
    if (row.action === '') {
      if (row.update !== '') findings.push(makeFinding('update-without-action', where('update'), { row: row.row }));
      continue;
    }
    if (row.laaRefs.length === 0) {
      findings.push(makeFinding('missing-laa-ref', where('laaRef'), { row: row.row }));
    }
    for (const ref of row.laaRefs) {
      if (context.catalogue.lookup(ref) !== undefined) continue;
      const nearest = context.catalogue.nearest(ref);
      findings.push(
        makeFinding('unknown-laa-ref', where('laaRef'), {
          ref,
          partnership,
          suggestion: nearest ? ` Did you mean ${nearest}?` : '',
        }),
      );
    }
    const outcome = row.outcomeCode ? context.outcomeByCode(row.outcomeCode) : undefined;
    if (!outcome) {
      findings.push(
        row.outcomeText === ''
          ? makeFinding('missing-outcome', where('outcome'), { row: row.row })
          : makeFinding('unknown-outcome', where('outcome'), { text: row.outcomeText, outcomes: outcomeNames }),
      );
    }
    if (row.aim !== '') {
      const aim = row.aimCode ? context.aimByCode(row.aimCode) : undefined;
      if (!aim) {
        findings.push(
          makeFinding('unknown-aim', where('aim'), {
            text: row.aimCode ?? row.aim.slice(0, 80),
            outcome: outcome?.name ?? 'any outcome',
            example: outcome?.aims[0]?.code ?? 'S1',
          }),
        );
      } else if (outcome && aim.outcome.code !== outcome.code) {
        findings.push(
          makeFinding('aim-outside-outcome', where('aim'), {
            aim: aim.aim.code,
            aimOutcome: aim.outcome.name,
            outcome: outcome.name,
          }),
        );
      }
    }
    const first = actions.findOrAdd(row.outcomeCode ?? comparisonKey(row.outcomeText), row.action, row);
    if (first) {
      findings.push(makeFinding('duplicate-action', where('action'), { firstRow: first.row, outcome: row.outcome ?? row.outcomeText }));
    }
    if (row.statusText !== '' && row.status === null) {
      findings.push(makeFinding('unknown-status', where('status'), { text: row.statusText.slice(0, 40) }));
    }
  }
  return findings;
}
