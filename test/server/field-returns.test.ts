/**
 * The field returns (test/fixtures/field/, copied from the partnership's collection of real-world
 * workbook quirks) read as their README says, through the officer's command (`check --json`) and
 * through an upload to the service. Each file is one example of a kind of fault; the kinds are
 * tested in general beside the reader's and the grid's own tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { PartnershipConfig, type Finding } from '../../shared';
import { main } from '../../server/cli/index';
import { XLSX_TYPE } from '../../server/routes/returns';
import { bearer, createHarness } from './harness';

const dir = join(__dirname, '..', 'fixtures', 'field');

interface Expected {
  config?: string;
  rowCount?: number;
  refsInOrder?: string[][];
  rows?: Record<string, { laaRefs?: string[]; updateStartsWith?: string }>;
  firstUpdateStartsWith?: string;
  noRule?: string;
  noFindingAt?: [string, string][];
}
interface ReadRow {
  row: number;
  laaRefs: string[];
  update: string;
}

const cases = Object.entries((JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cases: Record<string, Expected> }).cases);
/** Refs compare ignoring case, spaces and dots, as expected.json says. */
const norm = (refs: readonly string[] | undefined) => (refs ?? []).map((r) => r.toUpperCase().replace(/[\s.]/g, ''));

function expectReading(expected: Expected, rows: readonly ReadRow[], findings: readonly Finding[]): void {
  if (expected.rowCount !== undefined) expect(rows).toHaveLength(expected.rowCount);
  (expected.refsInOrder ?? []).forEach((refs, i) => expect(norm(rows[i]?.laaRefs)).toEqual(norm(refs)));
  for (const [n, want] of Object.entries(expected.rows ?? {})) {
    const row = rows.find((r) => r.row === Number(n));
    expect(row).toBeDefined();
    if (want.laaRefs) expect(norm(row?.laaRefs)).toEqual(norm(want.laaRefs));
    if (want.updateStartsWith) expect(row?.update.startsWith(want.updateStartsWith)).toBe(true);
  }
  if (expected.firstUpdateStartsWith) expect(rows[0]?.update.startsWith(expected.firstUpdateStartsWith)).toBe(true);
  if (expected.noRule) expect(findings.filter((f) => f.rule === expected.noRule)).toEqual([]);
  for (const [rule, cell] of expected.noFindingAt ?? []) expect(findings.filter((f) => f.rule === rule && f.cell === cell)).toEqual([]);
}

describe.each(cases)('%s', (file, expected) => {
  const configArgs = expected.config ? ['--config', join(dir, expected.config)] : [];
  const config = expected.config ? PartnershipConfig.parse(JSON.parse(readFileSync(join(dir, expected.config), 'utf8'))) : undefined;

  it('reads as its README says through check --json', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['check', join(dir, file), '--json', ...configArgs], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { rows: ReadRow[]; findings: Finding[] };
    expectReading(expected, json.rows, json.findings);
  });

  it('reads the same through an upload to the service (dry run)', async () => {
    const h = createHarness(config ? { config } : {});
    try {
      const period = (config ?? h.deps.config).periods.at(-1)!.id;
      const response = await request(h.app)
        .post(`/api/v1/returns?period=${period}&dryRun=1`)
        .set(bearer(h.key('HDC')))
        .set('Content-Type', XLSX_TYPE)
        .send(readFileSync(join(dir, file)))
        .expect(200);
      // The dry run answers with the rows as they would be stored: the payload and where it sits.
      const rows = (response.body.rows as { row: { rowNumber?: number; laaRefs: string[]; update: string } }[]).map(({ row }) => ({
        row: row.rowNumber ?? 0,
        laaRefs: row.laaRefs,
        update: row.update,
      }));
      expectReading(expected, rows, response.body.findings as Finding[]);
    } finally {
      h.close();
    }
  });
});
