/**
 * The README's command blocks, run in order in one shell in an empty folder (as on a fresh
 * clone, before any .data exists) against the built CLI: the service starts, the certificate
 * warning's `--cacert` works, the keys, the sync, the download, the check, the dry-run upload
 * and the merge all answer, and nothing collides on a port.
 * Adapted, and only this: `npm …` lines and `npm … &&` prefixes are left out (the tree under
 * test is already installed and built: run `npm run build` first); the service the README says
 * to leave running in its own terminal runs in the background here; `npx district-returns` is
 * the built CLI; each port the README names is mapped to a free port (the machine is shared),
 * distinct README ports to distinct free ports, so two README services on one port would still
 * collide here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/server/cli/index.js');

/** The README's ```sh blocks, in order. */
export function shellBlocks(readme: string): string[] {
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

test("the README's commands run in order on a fresh folder, one service, no port collision", async () => {
  expect(existsSync(CLI)).toBe(true); // `npm run build` first
  const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  let script = blocks
    .join('\n')
    .split('\n')
    .map((line) => line.replace(/^\s*npm [^&]*&&\s*/, ''))
    .map((line) => (/^npx district-returns serve\b/.test(line.trim()) && !/&\s*$/.test(line) ? `${line} &` : line))
    .filter((line) => !/^npm /.test(line.trim()))
    .join('\n')
    .replaceAll('npx district-returns', `node "${CLI}"`);
  const ports = [...new Set([...script.matchAll(/(?:--port |localhost:|127\.0\.0\.1:)(\d{2,5})/g)].map((m) => m[1]!))];
  for (const port of ports) script = script.replace(new RegExp(`(--port |localhost:|127\\.0\\.0\\.1:)${port}\\b`, 'g'), `$1${await freePort()}`);

  const dir = mkdtempSync(join(tmpdir(), 'dr-readme-'));
  try {
    const result = spawnSync('bash', ['-c', `set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${script}`], {
      cwd: dir,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${result.stdout}\n${result.stderr}`;
    expect(out).not.toMatch(/EADDRINUSE|address already in use/i);
    expect({ status: result.status, stderr: result.stderr.slice(-2000) }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain('{"status":"ok"}');
    expect(result.stdout).toMatch(/"applied":\[\{"id":"[0-9a-f-]{36}","version":1\}\]/);
    expect(result.stdout).toMatch(/HBBC\.xlsx: 1 action rows/);
    expect(result.stdout).toContain('"dryRun":true');
    expect(result.stdout).toMatch(/master\.xlsx: Leicestershire, 20 March 2008: 1 action\(s\) with updates from 1 district/);
    expect(existsSync(join(dir, '.data', 'certs', 'ca.crt'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
