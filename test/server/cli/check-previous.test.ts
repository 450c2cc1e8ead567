/**
 * `district-returns check --previous LAST.xlsx`: an update the district already gave on the same
 * action last period is an update-unchanged warning before the return is sent, as the master
 * will leave it out of the board's copy; the district is named from the file name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/run-cli';
import { makeReturnWorkbook } from '../../support/make-workbook';

const run = runCli;

describe('district-returns check --previous', () => {
  let dir: string;
  let march: string;
  let august: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dr-check-previous-'));
    march = join(dir, 'HBBC march.xlsx');
    august = join(dir, 'HBBC august.xlsx');
    writeFileSync(
      march,
      await makeReturnWorkbook([
        { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' },
        { outcome: 'Be healthy', aim: 'H1', laaRef: 'HC3', action: 'Healthy schools programme', update: 'Six schools signed up.' },
      ]),
    );
    writeFileSync(
      august,
      await makeReturnWorkbook([
        // Repeated, with other case and spacing: unchanged.
        { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address  anti-social behaviour', update: 'jag meets monthly' },
        // Same words on another action: a new update for that action.
        { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'Youth forum', update: 'JAG meets monthly.' },
        // Same action, new words.
        { outcome: 'Be healthy', aim: 'H1', laaRef: 'HC3', action: 'Healthy schools programme', update: 'Nine schools signed up.' },
      ]),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('warns of the update repeated from the previous period only, naming the cell, the district and the period', async () => {
    const { code, stdout } = await run('check', august, '--period', '2008-08', '--previous', march);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Update unchanged since last period \(1\) \[warning\]/);
    expect(stdout).toMatch(/Return!E5 +This update is the same as HBBC's update on this action for 20 March 2008/);
    const json = JSON.parse((await run('check', august, '--period', '2008-08', '--previous', march, '--json')).stdout);
    expect(json.period).toEqual({ id: '2008-08', label: 'August 2008' });
    expect(json.findings.filter((f: { rule: string }) => f.rule === 'update-unchanged').map((f: { cell: string }) => f.cell)).toEqual(['E5']);
  });

  it('without --previous finds none, and an unreadable --previous is refused with one line', async () => {
    expect((await run('check', august, '--period', '2008-08')).stdout).not.toContain('unchanged');
    const missing = await run('check', august, '--previous', join(dir, 'nowhere.xlsx'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^district-returns check: --previous .*nowhere\.xlsx: /);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
