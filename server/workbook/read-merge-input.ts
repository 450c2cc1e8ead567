/**
 * What the master and the coordinator's status are made from, read over a worker's own SQLite
 * connection: the districts' stored rows for the period, and for the period before it (the
 * configuration's previous period), so an update repeated from last time is found
 * (`update-unchanged`, seed 001 §3.4: the board reads what is new this period).
 */
import type { PartnershipConfig } from '../../shared';
import { districtReturnsFromStored, getPreviousPeriod, type MergeInput } from '../../shared/merge';
import { openSqliteStore } from '../store/sqlite-store';

/** Reads the merge input for `period` from the SQLite file; the connection is closed before it returns. */
export function readMergeInput(databaseFile: string, period: string, now: Date, config: PartnershipConfig): MergeInput {
  const store = openSqliteStore({ file: databaseFile });
  try {
    const read = (id: string) => districtReturnsFromStored(store.listRows({ period: id }), store.districtActivity(id), config);
    const previous = getPreviousPeriod(config, period);
    return { period, districts: read(period), now, ...(previous ? { previous: { period: previous, districts: read(previous) } } : {}) };
  } finally {
    store.close();
  }
}
