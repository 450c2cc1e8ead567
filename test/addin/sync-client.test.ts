/**
 * The sync client in Node, against a small in-test service that keeps the protocol's promises
 * (versions, conflicts, the same batchId answered once) and can lose answers or go away.
 */
import { randomUUID } from 'node:crypto';
import { SyncRequest, type RowPayload, type SyncResponse } from '../../shared';
import { createMemoryStorage } from '../../addin/sync/storage';
import { SyncClient, type FetchLike } from '../../addin/sync/sync-client';

interface FakeService {
  fetch: FetchLike;
  rows: Map<string, { version: number; row: RowPayload | null }>;
  applied: string[];
  requests: { batchId: string; changes: number }[];
  /** What happens to the next requests: 'down' (no connection), 'lose-answer' (applied, answer lost), an HTTP status. */
  failures: ('down' | 'lose-answer' | number)[];
}

function createFakeService(): FakeService {
  const answers = new Map<string, SyncResponse>();
  const service: FakeService = {
    rows: new Map(),
    applied: [],
    requests: [],
    failures: [],
    fetch: async (_url, init) => {
      const failure = service.failures.shift();
      if (failure === 'down') throw new TypeError('fetch failed: ECONNREFUSED');
      if (typeof failure === 'number') {
        return {
          status: failure,
          headers: { get: (name: string) => (name === 'retry-after' && failure === 429 ? '7' : null) },
          text: async () => JSON.stringify({ error: { code: 'x', message: failure === 401 ? 'This key is not valid.' : 'busy', details: null } }),
        };
      }
      const request = SyncRequest.parse(JSON.parse(init.body!));
      service.requests.push({ batchId: request.batchId, changes: request.changes.length });
      let answer = answers.get(request.batchId);
      if (!answer) {
        answer = { applied: [], conflicts: [], findings: [] };
        for (const change of request.changes) {
          const stored = service.rows.get(change.id);
          const version = stored?.version ?? 0;
          if (change.baseVersion !== version) {
            answer.conflicts.push({ id: change.id, version, row: stored?.row ?? null });
            continue;
          }
          service.rows.set(change.id, { version: version + 1, row: 'deleted' in change ? null : change.row });
          service.applied.push(change.id);
          answer.applied.push({ id: change.id, version: version + 1 });
        }
        answers.set(request.batchId, answer);
      }
      if (failure === 'lose-answer') throw new TypeError('fetch failed: socket hang up');
      const body = JSON.stringify(answer);
      return { status: 200, headers: { get: () => null }, text: async () => body };
    },
  };
  return service;
}

function row(action: string, update = '', rowNumber = 5): RowPayload {
  return { outcome: 'Stay safe', aim: 'S1', laaRefs: ['SC7'], action, update, status: null, sheet: 'Return', rowNumber };
}

function setUp(service = createFakeService(), storage = createMemoryStorage(), clock = { ms: Date.parse('2008-03-20T09:00:00Z') }) {
  const make = () =>
    new SyncClient({
      serviceUrl: 'https://returns.example.org',
      key: 'dr_test_key',
      period: '2008-03',
      fetch: service.fetch,
      storage,
      now: () => new Date(clock.ms),
      newBatchId: randomUUID,
      backoff: { baseMs: 1000, maxMs: 8000 },
      random: () => 1,
    });
  return { service, storage, clock, client: make(), make };
}

const A = '6f1c1e2a-8a2b-4c11-9d4e-0a1b2c3d4e5f';
const B = '7a2d2f3b-9b3c-4d22-8e5f-1b2c3d4e5f60';

describe('the sync client', () => {
  it('sends repeated edits of a row once, with the latest text', async () => {
    const { client, service } = setUp();
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'draft') }]);
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'draft 2') }]);
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'final') }]);
    expect(client.status().waiting).toBe(1);
    await client.sync();
    expect(service.requests).toHaveLength(1);
    expect(service.rows.get(A)).toEqual({ version: 1, row: row('Campaign', 'final') });
    expect(client.status()).toMatchObject({ waiting: 0, problem: null, lastSyncedAt: '2008-03-20T09:00:00.000Z' });
  });

  it('does not resend unchanged rows or rows only moved by a sort, and sends deletions', async () => {
    const { client, service } = setUp();
    client.recordSheet('Return', [{ id: A, row: row('First') }, { id: B, row: row('Second', '', 6) }]);
    await client.sync();
    expect(client.recordSheet('Return', [{ id: B, row: row('Second', '', 5) }, { id: A, row: row('First', '', 6) }])).toBe(0);
    expect(client.recordSheet('Return', [{ id: B, row: row('Second', '', 5) }])).toBe(1);
    await client.sync();
    expect(service.requests.map((r) => r.changes)).toEqual([2, 1]);
    expect(service.rows.get(A)).toEqual({ version: 2, row: null });
  });

  it('retries a batch whose answer was lost with the same batchId, so the service applies it once', async () => {
    const { client, service } = setUp();
    service.failures.push('lose-answer');
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'sent once') }]);
    const first = await client.sync();
    expect(first).toMatchObject({ outcome: 'failed', problem: { kind: 'offline' } });
    expect(client.status().waiting).toBe(1);
    const second = await client.sync();
    expect(second).toMatchObject({ outcome: 'sent', applied: 1 });
    expect(service.requests.map((r) => r.batchId)).toEqual([service.requests[0]!.batchId, service.requests[0]!.batchId]);
    expect(service.applied).toEqual([A]);
    expect(service.rows.get(A)?.version).toBe(1);
    expect(client.status().waiting).toBe(0);
  });

  it('sends a deletion, or an undone edit, made while the row\'s last change is still in flight', async () => {
    const { client, service } = setUp();
    client.recordSheet('Return', [{ id: A, row: row('Kept', 'v1') }]);
    await client.sync();
    service.failures.push('lose-answer');
    // B is created and A edited; the answer is lost, so both stay in flight.
    client.recordSheet('Return', [{ id: A, row: row('Kept', 'v2') }, { id: B, row: row('Created then deleted', '', 6) }]);
    await client.sync();
    // The officer deletes B and puts A back as the service acknowledged it.
    client.recordSheet('Return', [{ id: A, row: row('Kept', 'v1') }]);
    await client.sync();
    expect(service.rows.get(B)).toEqual({ version: 2, row: null });
    expect(service.rows.get(A)).toEqual({ version: 3, row: row('Kept', 'v1') });
    expect(client.status().waiting).toBe(0);
  });

  it('survives a closed pane: a new client on the same storage sends the stored batch with its id', async () => {
    const { client, service, make } = setUp();
    service.failures.push('down');
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'typed before closing') }]);
    await client.sync();
    expect(service.requests).toHaveLength(0);

    const reopened = make();
    expect(reopened.status()).toMatchObject({ waiting: 1, isOffline: true });
    reopened.recordSheet('Return', [{ id: A, row: row('Campaign', 'typed before closing') }, { id: B, row: row('Added after reopening', '', 6) }]);
    await reopened.sync();
    expect(service.rows.get(A)).toEqual({ version: 1, row: row('Campaign', 'typed before closing') });
    expect(service.rows.get(B)?.version).toBe(1);
    expect(service.applied).toEqual([A, B]);
  });

  it('backs off exponentially after failures, up to the cap, and an on-demand sync ignores the wait', async () => {
    const { client, service } = setUp();
    client.recordSheet('Return', [{ id: A, row: row('Campaign') }]);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      service.failures.push('down');
      await client.sync();
      waits.push(client.msUntilDue());
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(await client.syncIfDue()).toEqual({ outcome: 'idle' });
    expect(service.requests).toHaveLength(0);
    expect(await client.sync()).toMatchObject({ outcome: 'sent' });
    expect(client.msUntilDue()).toBe(0);
  });

  it("waits at least as long as the service's Retry-After when it is busy", async () => {
    const { client, service } = setUp();
    service.failures.push(429);
    client.recordSheet('Return', [{ id: A, row: row('Campaign') }]);
    await client.sync();
    expect(client.msUntilDue()).toBe(7000);
    expect(client.status().problem?.kind).toBe('server');
  });

  it('keeps a conflict for the officer; "keep mine" sends theirs as the base, "take the service\'s" sends nothing', async () => {
    const { client, service } = setUp();
    service.rows.set(A, { version: 2, row: row('Campaign', 'written by a colleague') });
    service.rows.set(B, { version: 4, row: row('Other', 'theirs') });
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'mine') }, { id: B, row: row('Other', 'mine too', 6) }]);
    const result = await client.sync();
    expect(result).toMatchObject({ outcome: 'sent', applied: 0, conflicts: 2 });
    const conflicts = client.status().conflicts;
    expect(conflicts.map((c) => [c.id, c.mine?.update, c.theirs?.update, c.version])).toEqual([
      [A, 'mine', 'written by a colleague', 2],
      [B, 'mine too', 'theirs', 4],
    ]);
    // Edited again while in conflict: not sent, but "mine" follows the sheet.
    client.recordSheet('Return', [{ id: A, row: row('Campaign', 'mine, revised') }, { id: B, row: row('Other', 'mine too', 6) }]);
    expect(client.hasWork()).toBe(false);

    client.keepMine(A);
    await client.sync();
    expect(service.rows.get(A)).toEqual({ version: 3, row: row('Campaign', 'mine, revised') });

    expect(client.takeTheirs(B)).toEqual(row('Other', 'theirs'));
    expect(client.hasWork()).toBe(false);
    // The sheet now shows theirs: nothing to send.
    expect(client.recordSheet('Return', [{ id: A, row: row('Campaign', 'mine, revised') }, { id: B, row: row('Other', 'theirs') }])).toBe(0);
    expect(client.status().conflicts).toEqual([]);
    expect(service.rows.get(B)?.version).toBe(4);
  });

  it('stops retrying on a refusal, says why, and queues the rows again on the next check', async () => {
    const { client, service } = setUp();
    service.failures.push(401);
    client.recordSheet('Return', [{ id: A, row: row('Campaign') }]);
    await client.sync();
    expect(client.status().problem).toEqual({ kind: 'refused', message: 'This key is not valid.' });
    expect(client.msUntilDue()).toBe(Infinity);
    expect(await client.syncIfDue()).toEqual({ outcome: 'idle' });
    client.recordSheet('Return', [{ id: A, row: row('Campaign') }]);
    await client.sync();
    expect(service.rows.get(A)?.version).toBe(1);
    expect(client.status().problem).toBeNull();
  });

  it('splits a large sheet into batches the service accepts', async () => {
    const { client, service } = setUp();
    const rows = Array.from({ length: 1203 }, (_, i) => ({ id: randomUUID(), row: row(`Action ${i}`, '', i + 5) }));
    client.recordSheet('Return', rows);
    await client.sync();
    expect(service.requests.map((r) => r.changes)).toEqual([500, 500, 203]);
    expect(service.rows.size).toBe(1203);
  });

  it('starts afresh from damaged storage instead of failing', async () => {
    const { storage, make } = setUp();
    const first = make();
    first.recordSheet('Return', [{ id: A, row: row('Campaign') }]);
    // Overwrite every stored record with garbage.
    const keys: string[] = [];
    const original = storage.setItem;
    storage.setItem = (k, v) => {
      keys.push(k);
      original(k, v);
    };
    first.recordSheet('Return', [{ id: A, row: row('Campaign 2') }]);
    for (const k of keys) original(k, '{"version":1,"rows":');
    const reopened = make();
    expect(reopened.status().waiting).toBe(0);
    expect(reopened.recordSheet('Return', [{ id: A, row: row('Campaign 2') }])).toBe(1);
  });

  it('prefixes its storage with the Office partition key when there is one', () => {
    const storage = createMemoryStorage();
    const keys: string[] = [];
    const original = storage.setItem;
    storage.setItem = (k, v) => {
      keys.push(k);
      original(k, v);
    };
    const client = new SyncClient({
      serviceUrl: 'https://returns.example.org',
      key: 'k',
      period: '2008-03',
      fetch: createFakeService().fetch,
      storage,
      now: () => new Date(),
      newBatchId: randomUUID,
      partitionKey: 'partition-7',
    });
    client.queueRow(A, row('x'));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('partition-7:district-returns:'))).toBe(true);
    expect(keys.some((k) => k.includes('k|') || k.endsWith(':k'))).toBe(false);
  });
});
