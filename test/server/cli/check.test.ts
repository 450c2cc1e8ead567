import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../shared';
import { runCli } from '../../support/run-cli';
import { makeSeedWorkbook } from '../../support/make-seed-workbook';
import { zipBomb } from '../../support/hostile-workbooks';

const dir = mkdtempSync(join(tmpdir(), 'dr-check-'));
const run = runCli;

describe('district-returns check', () => {
  let seedFile: string;
  beforeAll(async () => {
    seedFile = join(dir, 'march-2008.xlsx');
    writeFileSync(seedFile, await makeSeedWorkbook('sheet-per-outcome'));
  });

  it('prints the findings for a person, missing LAA refs first, and exits 0', async () => {
    const { code, stdout } = await run('check', seedFile);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^march-2008\.xlsx: 18 action rows on 5 sheet\(s\); 3 error\(s\)/);
    expect(lines[2]).toBe('Missing LAA reference (3) [error]');
    expect(stdout).toMatch(/Stay Safe!C5 +Row 5 has an action but no LAA reference/);
  });

  it('prints exactly one JSON object with --json', async () => {
    const { code, stdout } = await run('check', seedFile, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['period', 'rows', 'findings']);
    expect(json.period).toEqual({ id: '2008-08', label: 'August 2008' });
    expect(json.rows).toHaveLength(18);
    expect(json.rows[0]).toEqual({
      sheet: 'Stay Safe',
      row: 5,
      outcome: 'Stay safe',
      aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation',
      laaRefs: [],
      action: expect.stringMatching(/^Develop and implement/),
      update: expect.stringMatching(/^New countywide/),
      status: null,
    });
    expect(json.rows.find((r: { laaRefs: string[] }) => r.laaRefs.includes('St.C4(c)'))?.outcome).toBe('Achieve economic well-being');
    expect(json.findings.filter((f: { rule: string }) => f.rule === 'missing-laa-ref')).toHaveLength(3);
    expect(Object.keys(json.findings[0])).toEqual(['rule', 'severity', 'sheet', 'cell', 'message']);
  });

  it.each([
    ['not a workbook', () => Buffer.from('just some text'), /not an Excel workbook/],
    ['a zip bomb', () => zipBomb(300), /unpacks to 300\.0 MB/],
  ])('exits 2 with one line on stderr for %s', async (_name, make, message) => {
    const file = join(dir, `bad-${Math.random()}.xlsx`);
    writeFileSync(file, make());
    const { code, stdout, stderr } = await run('check', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('exits 2 for a missing file and for a configuration that fails validation', async () => {
    const missing = await run('check', join(dir, 'nope.xlsx'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const configFile = join(dir, 'bad-config.json');
    writeFileSync(configFile, JSON.stringify({ ...DEFAULT_CONFIG, periods: [{ id: 'March', label: 'x' }] }));
    const bad = await run('check', seedFile, '--config', configFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/periods\.0\.id: a period id is YYYY-MM/);
  });

  it('answers --help with the commands', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/check +check a return workbook/);
  });
});
