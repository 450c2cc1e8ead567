/**
 * `district-returns keys create|list|revoke`: API keys in the service's database. The key is
 * printed once, alone on its line on stdout (so it can be piped); only its hash is kept.
 * Safe while the service runs: SQLite's WAL lets both open the file, and the service checks
 * keys in the database on every request, so a revoked key stops working at once.
 */
import { parseArgs } from 'node:util';
import { isAppError } from '../../shared';
import { createKey } from '../auth/keys';
import { databasePath } from '../main';
import { openSqliteStore } from '../store/sqlite-store';
import { readConfigOption, DEFAULT_DATA_DIR } from './serve';
import { EXIT, type CliCommand } from './types';

const USAGE = `Usage:
  district-returns keys create <DISTRICT|coordinator> [--data-dir DIR] [--config FILE]
  district-returns keys list [--data-dir DIR]
  district-returns keys revoke <KEY-ID> [--data-dir DIR]`;

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'create, list and revoke API keys for districts and the coordinator',
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { 'data-dir': { type: 'string' }, config: { type: 'string' } },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      io.stderr(`district-returns keys: ${(error as Error).message}\n${USAGE}\n`);
      return EXIT.usage;
    }
    const [action, target, ...extra] = parsed.positionals;
    const needsTarget = action === 'create' || action === 'revoke';
    if (!action || !['create', 'list', 'revoke'].includes(action) || (needsTarget && !target) || (!needsTarget && target) || extra.length > 0) {
      io.stderr(`${USAGE}\n`);
      return EXIT.usage;
    }
    const loaded = readConfigOption(parsed.values.config);
    if (!loaded.ok) {
      io.stderr(`district-returns keys: ${loaded.message}\n`);
      return EXIT.usage;
    }
    const store = openSqliteStore({ file: databasePath(parsed.values['data-dir'] ?? DEFAULT_DATA_DIR) });
    try {
      if (action === 'create') {
        const { key, record } = createKey(store, target as string, loaded.config);
        io.stdout(`${key}\n`);
        io.stderr(`Key ${record.id} for ${record.district ?? 'the coordinator'}. It is shown only this once: send it to its holder now.\n`);
        return EXIT.ok;
      }
      if (action === 'revoke') {
        if (!store.revokeKey(target as string, new Date().toISOString())) {
          io.stderr(`district-returns keys: no active key with id "${target}" (see \`district-returns keys list\`)\n`);
          return EXIT.failed;
        }
        io.stderr(`Key ${target} revoked.\n`);
        return EXIT.ok;
      }
      const keys = store.listKeys();
      io.stdout(`${['ID'.padEnd(14), 'ROLE'.padEnd(12), 'DISTRICT'.padEnd(10), 'CREATED'.padEnd(25), 'REVOKED'].join('')}\n`);
      for (const key of keys) {
        io.stdout(`${[key.id.padEnd(14), key.role.padEnd(12), (key.district ?? '-').padEnd(10), key.createdAt.padEnd(25), key.revokedAt ?? '-'].join('')}\n`);
      }
      return EXIT.ok;
    } catch (error) {
      if (isAppError(error)) {
        io.stderr(`district-returns keys: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    } finally {
      store.close();
    }
  },
};
