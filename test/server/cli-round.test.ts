/**
 * The CLI as a new user meets it: --version from the built layout, plain lines for a missing file
 * or a folder, check --strict for scripts, merge over a folder taking each district from the file
 * name, a tag or the cells, and a write that fails exits 2 with one plain line.
 */
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { main, readVersion } from '../../server/cli';
import { ensureCertificates, startServer } from '../../server/main';
import { DEFAULT_CONFIG } from '../../shared';
import { makeReturnWorkbook, type WorkbookRow } from '../support/make-workbook';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dr-cli-round-'));
  dirs.push(dir);
  return dir;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const good: WorkbookRow[] = [{ outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address anti-social behaviour', update: 'Meets monthly.' }];

test('--version prints the package version, also from the built layout (dist/server/cli)', async () => {
  const version = (require('../../package.json') as { version: string }).version;
  expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  expect(readVersion(resolve(__dirname, '../../dist/server/cli'))).toBe(version);
});

test('check names a missing file and a folder in plain words, exit 2', async () => {
  const dir = tempDir();
  const missing = await run(['check', join(dir, 'nope.xlsx')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toBe(`district-returns check: ${join(dir, 'nope.xlsx')}: no such file or folder\n`);
  const folder = await run(['check', dir]);
  expect(folder.code).toBe(2);
  expect(folder.stderr).toMatch(/is a folder, not a workbook\n$/);
  expect(folder.stderr).not.toMatch(/EISDIR|ENOENT/);
});

test('check --strict exits 1 when the return has errors, 0 when it has none', async () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.xlsx');
  writeFileSync(bad, await makeReturnWorkbook([{ outcome: 'Be wealthy', laaRef: 'SC7', action: 'Something' }]));
  const fine = join(dir, 'fine.xlsx');
  writeFileSync(fine, await makeReturnWorkbook(good));
  expect((await run(['check', bad])).code).toBe(0);
  expect((await run(['check', '--strict', bad])).code).toBe(1);
  expect((await run(['check', '--strict', fine])).code).toBe(0);
});

test('merge takes a folder; each district from the file name, a tag (NWL) or the tags in its cells', async () => {
  const dir = tempDir();
  const returns = join(dir, 'returns');
  mkdirSync(returns);
  writeFileSync(join(returns, 'Blaby District Council.xlsx'), await makeReturnWorkbook(good));
  writeFileSync(join(returns, 'NWL march.xlsx'), await makeReturnWorkbook(good));
  writeFileSync(join(returns, 'hinckley.xlsx'), await makeReturnWorkbook(good));
  writeFileSync(join(returns, 'return.xlsx'), await makeReturnWorkbook([{ ...good[0]!, update: 'Meets monthly (HDC).' }]));
  writeFileSync(join(returns, 'notes.txt'), 'not a return');
  const output = join(dir, 'master.xlsx');
  const result = await run(['merge', '--period', '2008-03', '-o', output, returns]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/from 4 district\(s\)/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(output);
  const summary = JSON.stringify(workbook.getWorksheet('Summary')!.getSheetValues());
  for (const code of ['BDC', 'NWLDC', 'HBBC', 'HDC']) expect(summary).toContain(code);
});

test('merge refuses a file whose district it cannot tell, asking for CODE=FILE; nothing written', async () => {
  const dir = tempDir();
  const file = join(dir, 'return.xlsx');
  writeFileSync(file, await makeReturnWorkbook(good));
  const output = join(dir, 'master.xlsx');
  const result = await run(['merge', '--period', '2008-03', '-o', output, file]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/cannot tell which district.*CODE=/);
});

test('merge: a folder that is missing, and a write that fails, each give one plain line and exit 2', async () => {
  const dir = tempDir();
  const missing = await run(['merge', '--period', '2008-03', '-o', join(dir, 'm.xlsx'), join(dir, 'no-such-folder')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/no-such-folder: no such file or folder\n$/);
  const file = join(dir, 'HBBC.xlsx');
  writeFileSync(file, await makeReturnWorkbook(good));
  const target = join(dir, 'not-here', 'master.xlsx');
  const failed = await run(['merge', '--period', '2008-03', '-o', target, file]);
  expect(failed.code).toBe(2);
  expect(failed.stderr).toBe(`district-returns merge: cannot write ${target}: no such file or folder\n`);
});

test('serve --cert/--key: both or neither, readable, and then the service answers over HTTPS with that certificate', async () => {
  const dir = tempDir();
  const lone = await run(['serve', '--cert', join(dir, 'x.crt')]);
  expect(lone).toMatchObject({ code: 2, stderr: expect.stringMatching(/give --cert and --key together/) });
  const missing = await run(['serve', '--cert', join(dir, 'x.crt'), '--key', join(dir, 'x.key')]);
  expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read the certificate or key: no such file or folder/) });

  // A certificate made elsewhere (here: the development one, made in another folder) given as files.
  const logger = pino({ level: 'silent' });
  const made = await ensureCertificates(join(dir, 'elsewhere'), logger);
  const running = await startServer({ port: 0, host: 'localhost', dataDir: join(dir, 'data'), config: DEFAULT_CONFIG, isHttp: false, webDir: dir, logger, tls: { cert: made.cert, key: made.key } });
  try {
    const status = await new Promise<number>((resolveStatus, reject) => {
      https.get(`${running.url}/healthz`, { ca: readFileSync(made.ca) }, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
    // The service made no development certificate of its own.
    expect(existsSync(join(dir, 'data', 'certs'))).toBe(false);
  } finally {
    await running.close();
  }
});
