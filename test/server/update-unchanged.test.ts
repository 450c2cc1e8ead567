/**
 * An update a district repeats from its previous period is an update-unchanged warning wherever
 * the district sees its findings before the master is made: the sync answer (the task pane), the
 * full list (GET /findings) and an uploaded workbook (the officer's page), as the master will
 * leave it out of the board's copy.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { XLSX_TYPE } from '../../server/routes/returns';
import { makeReturnWorkbook } from '../support/make-workbook';
import { aRow, bearer, createHarness, sync, type Harness } from './harness';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = createHarness();
  key = h.key('HBBC');
  // HBBC's return for 20 March 2008, the period before August 2008.
  await sync(h.app, key, {
    period: '2008-03',
    batchId: 'march-0001',
    changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' }) }],
  }).expect(200);
});
afterEach(() => h.close());

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule);

test('a synced row repeating last period’s update is warned of in the sync answer and in GET /findings; new words are not', async () => {
  const repeated = randomUUID();
  const fresh = randomUUID();
  const answer = await sync(h.app, key, {
    period: '2008-08',
    batchId: 'august-0001',
    changes: [
      { id: repeated, baseVersion: 0, row: aRow({ action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly' }) },
      { id: fresh, baseVersion: 0, row: aRow({ action: 'Youth forum', update: 'JAG meets monthly.' }) },
    ],
  }).expect(200);
  const unchanged = answer.body.findings.filter((f: { rule: string }) => f.rule === 'update-unchanged');
  expect(unchanged).toHaveLength(1);
  expect(unchanged[0]).toMatchObject({ rowId: repeated, severity: 'warning' });
  expect(unchanged[0].message).toBe("This update is the same as HBBC's update on this action for 20 March 2008, so it is left out of the board's copy. Say what is new this period.");

  const all = await request(h.app).get('/api/v1/findings?period=2008-08').set(bearer(key)).expect(200);
  expect(all.body.findings.filter((f: { rule: string }) => f.rule === 'update-unchanged').map((f: { rowId: string }) => f.rowId)).toEqual([repeated]);

  // Reworded: the warning goes.
  const reworded = await sync(h.app, key, {
    period: '2008-08',
    batchId: 'august-0002',
    changes: [{ id: repeated, baseVersion: 1, row: aRow({ action: 'JAG meetings address anti-social behaviour', update: 'JAG met twice; hotspots down by a third.' }) }],
  }).expect(200);
  expect(rules(reworded.body.findings)).not.toContain('update-unchanged');
  const after = await request(h.app).get('/api/v1/findings?period=2008-08').set(bearer(key)).expect(200);
  expect(rules(after.body.findings)).not.toContain('update-unchanged');
  // Another district's identical words are its own: OWBC has no previous return.
  const owbc = await sync(h.app, h.key('OWBC'), {
    period: '2008-08',
    batchId: 'owbc-august-0001',
    changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' }) }],
  }).expect(200);
  expect(rules(owbc.body.findings)).not.toContain('update-unchanged');
});

test('an uploaded workbook repeating last period’s update is warned of in the upload’s findings, naming the cell', async () => {
  const workbook = await makeReturnWorkbook([
    { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' },
    { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'Youth forum', update: 'First forum held.' },
  ]);
  const dry = await request(h.app).post('/api/v1/returns?period=2008-08&dryRun=1').set(bearer(key)).set('Content-Type', XLSX_TYPE).send(workbook).expect(200);
  const unchanged = dry.body.findings.filter((f: { rule: string }) => f.rule === 'update-unchanged');
  expect(unchanged.map((f: { sheet: string; cell: string }) => `${f.sheet}!${f.cell}`)).toEqual(['Return!E5']);
  // For March itself (no period before it holds HBBC rows) there is nothing to repeat.
  const march = await request(h.app).post('/api/v1/returns?period=2008-03&dryRun=1').set(bearer(key)).set('Content-Type', XLSX_TYPE).send(workbook).expect(200);
  expect(rules(march.body.findings)).not.toContain('update-unchanged');
});
