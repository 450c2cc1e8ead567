/**
 * The district's rows of the period before the one being checked, for `update-unchanged`
 * (shared/merge/unchanged.ts): the configuration's previous period, as the master compares it.
 */
import type { PartnershipConfig } from '../../shared';
import { getPreviousPeriod } from '../../shared/merge';
import type { SyncStore } from '../store/types';
import type { PreviousRows } from './district-findings';

/** The district's live rows of the period before `period`, or undefined when `period` is the first. */
export function previousRowsOf(store: Pick<SyncStore, 'liveRows'>, config: PartnershipConfig, period: string, district: string): PreviousRows | undefined {
  const previous = getPreviousPeriod(config, period);
  if (previous === null) return undefined;
  return { district, periodLabel: config.periods.find((p) => p.id === previous)?.label ?? previous, rows: store.liveRows(previous, district) };
}
