import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createKey } from '../../server/auth/keys';
import { keysCommand } from '../../server/cli/keys';
import { serveCommand } from '../../server/cli/serve';
import { startServer } from '../../server/main';
import { DEFAULT_CONFIG } from '../../shared';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dr-cli-'));
  dirs.push(dir);
  return dir;
}

async function runKeys(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await keysCommand.run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('keys create prints the key alone on one line; list shows it; revoke ends it', async () => {
  const dataDir = tempDir();
  const created = await runKeys(['create', 'HBBC', '--data-dir', dataDir]);
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/^dr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
  const id = created.stdout.split('_')[1] as string;
  const listed = await runKeys(['list', '--data-dir', dataDir]);
  expect(listed.stdout).toContain(id);
  expect(listed.stdout).toMatch(/district\s+HBBC/);
  expect(listed.stdout).not.toContain(created.stdout.trim());
  expect((await runKeys(['revoke', id, '--data-dir', dataDir])).code).toBe(0);
  expect((await runKeys(['list', '--data-dir', dataDir])).stdout).toMatch(new RegExp(`${id}.*\\d{4}-\\d\\d-\\d\\dT.*\\d{4}-\\d\\d-\\d\\dT`));
  expect((await runKeys(['revoke', id, '--data-dir', dataDir])).code).toBe(1);
});

test('keys create refuses a district the partnership does not have, naming the codes', async () => {
  const result = await runKeys(['create', 'LCC', '--data-dir', tempDir()]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/"LCC" is not a district of Leicestershire.*HBBC.*coordinator/);
});

test('serve refuses a configuration file with the failing field named', async () => {
  let stderr = '';
  const code = await serveCommand.run(['--config', join(__dirname, 'does-not-exist.json'), '--http'], { stdout: () => undefined, stderr: (t) => (stderr += t) });
  expect(code).toBe(2);
  expect(stderr).toMatch(/does-not-exist\.json/);
});

test('serve --http answers until SIGTERM, then finishes the request in flight and stops', async () => {
  const dataDir = tempDir();
  let stderr = '';
  const previousLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'silent';
  const done = serveCommand.run(['--http', '--port', '0', '--data-dir', dataDir], { stdout: () => undefined, stderr: (t) => (stderr += t) });
  while (!/listening on (\S+)/.test(stderr)) await new Promise((r) => setTimeout(r, 20));
  const url = /listening on (\S+)/.exec(stderr)?.[1] as string;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  // A slow upload in flight: it must be finished, not cut, when the stop comes.
  const key = (await runKeys(['create', 'MBC', '--data-dir', dataDir])).stdout.trim();
  const inFlight = fetch(`${url}/api/v1/returns?period=2008-03`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: new Uint8Array([1, 2, 3]),
  });
  await new Promise((r) => setTimeout(r, 200));
  process.emit('SIGTERM', 'SIGTERM');
  const response = await inFlight;
  expect(response.status).toBe(422);
  expect(await done).toBe(0);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  process.env.LOG_LEVEL = previousLevel;
});

test('graceful stop lets a request in flight finish, refuses new connections, then closes the store', async () => {
  let finishRead: () => void = () => undefined;
  const running = await startServer({
    port: 0,
    isHttp: true,
    dataDir: tempDir(),
    config: DEFAULT_CONFIG,
    webDir: tempDir(),
    logger: pino({ level: 'silent' }),
    readWorkbook: () =>
      new Promise((_resolve, reject) => {
        finishRead = () => reject(new Error('not a workbook'));
      }),
  });
  const key = createKey(running.store, 'MBC', DEFAULT_CONFIG).key;
  const inFlight = fetch(`${running.url}/api/v1/returns?period=2008-03`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: new Uint8Array([1, 2, 3]),
  });
  await new Promise((r) => setTimeout(r, 100));
  const stopped = running.close();
  await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  finishRead();
  expect((await inFlight).status).toBe(422);
  await stopped;
  expect(() => running.store.listRows({ period: '2008-03' })).toThrow(/not open/);
});

test('HTTPS by default with development certificates made in the data folder', async () => {
  const dataDir = tempDir();
  const running = await startServer({ port: 0, isHttp: false, dataDir, config: DEFAULT_CONFIG, webDir: tempDir(), logger: pino({ level: 'silent' }) });
  try {
    expect(running.url).toMatch(/^https:\/\/localhost:\d+$/);
    const ca = readFileSync(join(dataDir, 'certs', 'ca.crt'));
    const status = await new Promise<number>((resolve, reject) => {
      https.get(`${running.url}/healthz`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
  } finally {
    await running.close();
  }
}, 60_000);
