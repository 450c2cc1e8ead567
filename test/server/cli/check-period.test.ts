/**
 * `district-returns check --period`: LAA refs are checked against the codes in use in the period
 * the return is for (NI 50 is in use from April 2008 in the default catalogue), and the person's
 * output says which period it checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/run-cli';
import { makeReturnWorkbook } from '../../support/make-workbook';

const run = runCli;

describe('district-returns check --period', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dr-check-period-'));
    file = join(dir, 'ni-refs.xlsx');
    writeFileSync(file, await makeReturnWorkbook([{ outcome: 'Stay safe', aim: 'S1', laaRef: 'NI 50', action: 'School nurse drop-ins', update: 'Drop-ins in four schools.' }]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags an NI ref in a 2007-10 return as out of its time, and says which period it checked', async () => {
    const { code, stdout } = await run('check', file, '--period', '2007-10');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^ni-refs\.xlsx: 1 action rows on 1 sheet\(s\); 0 error\(s\), 1 warning\(s\), 0 note\(s\); checked for .*\(2007-10\)$/);
    expect(stdout).toMatch(/Return!C5 +NI 50 is not in use in .*2007-10/);
    const json = JSON.parse((await run('check', file, '--period', '2007-10', '--json')).stdout);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(['laa-ref-out-of-period']);
  });

  it('accepts the NI ref in a 2008-08 return, and by default checks the latest period and says so', async () => {
    const august = await run('check', file, '--period', '2008-08');
    expect(august.stdout).not.toContain('laa-ref-out-of-period');
    expect(august.stdout).toContain('No findings: the return is ready to send.');
    const byDefault = await run('check', file);
    expect(byDefault.stdout.split('\n')[0]).toMatch(/; checked for .*\(2008-08, the latest period\)$/);
    expect(byDefault.stdout).toContain('No findings');
  });

  it('refuses a period the configuration does not have, naming the ones it has', async () => {
    const { code, stdout, stderr } = await run('check', file, '--period', '2009-01');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--period 2009-01 is not one of the configuration's periods: 2007-10, 2008-03, 2008-08/);
  });
});
