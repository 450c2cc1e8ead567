import { randomUUID } from 'node:crypto';
import { startService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

test('the test service answers health without a key and stores a synced row for its district', async () => {
  expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  const key = service.createKey('HBBC');
  const id = randomUUID();
  const sync = await fetch(`${service.url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      period: '2008-03',
      batchId: 'service-test-1',
      changes: [{ id, baseVersion: 0, row: { outcome: 'stay safe', action: 'Links to the new YOT Impact Team', laaRefs: ['SC7'] } }],
    }),
  });
  expect(sync.status).toBe(200);
  expect(await sync.json()).toMatchObject({ applied: [{ id, version: 1 }], conflicts: [] });
  const rows = await fetch(`${service.url}/api/v1/rows?period=2008-03`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await rows.json()) as { rows: { id: string; district: string; row: { outcome: string } }[] };
  expect(body.rows).toEqual([expect.objectContaining({ id, district: 'HBBC', row: expect.objectContaining({ outcome: 'Stay safe' }) })]);
});

test('a wrong key is refused', async () => {
  const response = await fetch(`${service.url}/api/v1/config`, { headers: { authorization: 'Bearer nonsense' } });
  expect(response.status).toBe(401);
});
