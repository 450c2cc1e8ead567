/**
 * Small pure parts of the pane: the sync line (never green while a row is held back, and
 * naming the rows and why) and the rows a change event's address covers (which rows may get
 * new ids).
 */
import { describeSync } from '../../addin/taskpane/pane-view';
import { rowsOf } from '../../addin/check/sheet-checker';
import type { SyncStatus } from '../../addin/sync/sync-client';

const synced: SyncStatus = {
  waiting: 0,
  isSending: false,
  isOffline: false,
  lastSyncedAt: '2008-03-20T10:00:00.000Z',
  nextAttemptAt: null,
  problem: null,
  conflicts: [],
};

describe('the sync line', () => {
  it('is green only when everything is sent and nothing is held back', () => {
    expect(describeSync(synced, []).tone).toBe('synced');
    const held = describeSync(synced, [
      { row: 6, reason: 'no known outcome' },
      { row: 9, reason: 'no known outcome' },
      { row: 12, reason: 'no action' },
    ]);
    expect(held.tone).toBe('held');
    expect(held.text).toContain('3 rows held back: rows 6, 9 (no known outcome); row 12 (no action)');
  });
});

describe('rows of a change address', () => {
  it('reads cells, ranges, whole rows, several areas and sheet-qualified addresses', () => {
    expect(rowsOf('C5')).toEqual(new Set([5]));
    expect(rowsOf('A5:E7')).toEqual(new Set([5, 6, 7]));
    expect(rowsOf('5:6')).toEqual(new Set([5, 6]));
    expect(rowsOf('A5:B5,D9')).toEqual(new Set([5, 9]));
    expect(rowsOf("'My return'!$C$4")).toEqual(new Set([4]));
  });

  it('gives up (every row) on whole columns, huge ranges and no address', () => {
    expect(rowsOf('C:C')).toBe('all');
    expect(rowsOf('A1:A1048576')).toBe('all');
    expect(rowsOf(undefined)).toBe('all');
  });
});
