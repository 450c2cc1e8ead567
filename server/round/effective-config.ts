/**
 * The configuration the service works with: the file's (the default and the seed) with the
 * coordinator's round applied on top: periods opened on the page (a period id the file already
 * has keeps the file's label; the deadline set on the page is added), and LAA refs added or
 * retired from a period. Pure over its inputs; returns a new object, the file's is not touched.
 */
import type { PartnershipConfig } from '../../shared';
import type { CatalogueChange, OpenedPeriod } from '../store/round';

export function applyRound(config: PartnershipConfig, periods: readonly OpenedPeriod[], refs: readonly CatalogueChange[]): PartnershipConfig {
  const byPeriod = new Map(config.periods.map((p) => [p.id, { ...p }]));
  for (const opened of periods) {
    const known = byPeriod.get(opened.id);
    const deadline = opened.deadline ?? undefined;
    byPeriod.set(opened.id, known ? { ...known, ...(deadline ? { deadline } : {}) } : { id: opened.id, label: opened.label, ...(deadline ? { deadline } : {}) });
  }
  const byRef = new Map(config.laaRefs.map((r) => [r.code.toUpperCase(), { ...r }]));
  for (const change of refs) {
    const known = byRef.get(change.code.toUpperCase());
    const title = change.title ?? known?.title;
    byRef.set(change.code.toUpperCase(), {
      code: known?.code ?? change.code,
      ...(title ? { title } : {}),
      ...(change.retiredFrom ? { retiredFrom: change.retiredFrom } : {}),
    });
  }
  return {
    ...config,
    periods: [...byPeriod.values()].sort((a, b) => a.id.localeCompare(b.id)),
    laaRefs: [...byRef.values()],
  };
}
