/** `district-returns serve`: the sync service, until SIGTERM or SIGINT stops it gracefully. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError, type PartnershipConfig } from '../../shared';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logger';
import { startServer } from '../main';
import { describeFileError } from './file-errors';
import { EXIT, type CliCommand } from './types';

export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = './.data';

const USAGE = `Usage: district-returns serve [--port 3000] [--host HOST] [--data-dir DIR] [--config FILE] [--http | --cert FILE --key FILE]

  --port      port to listen on (default ${DEFAULT_PORT})
  --host      address to listen on (default localhost; 127.0.0.1 with --http); 0.0.0.0 serves
              other machines, which then need a certificate for the name they use (--cert)
  --data-dir  where the database and development certificates live (default ${DEFAULT_DATA_DIR})
  --config    partnership configuration JSON (default: Leicestershire)
  --http      plain HTTP, behind a TLS proxy (default: HTTPS with development certificates)
  --cert      a real certificate (PEM, with its chain) for HTTPS, instead of the development one
  --key       the certificate's private key (PEM)`;

/** The configuration named by --config (Leicestershire's when none), or a one-line refusal naming the field. */
export function readConfigOption(path: string | undefined): { ok: true; config: PartnershipConfig } | { ok: false; message: string } {
  try {
    return { ok: true, config: loadConfig(path) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the sync service (HTTPS on localhost:3000 by default)',
  usage: USAGE,
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          config: { type: 'string' },
          http: { type: 'boolean', default: false },
          cert: { type: 'string' },
          key: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      io.stderr(`district-returns serve: ${(error as Error).message}\n${USAGE}\n`);
      return EXIT.usage;
    }
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr(`district-returns serve: --port must be a whole number from 0 to 65535, not "${values.port}"\n`);
      return EXIT.usage;
    }
    if ((values.cert === undefined) !== (values.key === undefined)) {
      io.stderr('district-returns serve: give --cert and --key together (the certificate and its private key)\n');
      return EXIT.usage;
    }
    if (values.cert !== undefined && values.http) {
      io.stderr('district-returns serve: --http serves plain HTTP; leave it out to use --cert and --key\n');
      return EXIT.usage;
    }
    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (values.cert !== undefined && values.key !== undefined) {
      try {
        tls = { cert: readFileSync(values.cert), key: readFileSync(values.key) };
      } catch (error) {
        io.stderr(`district-returns serve: cannot read the certificate or key: ${describeFileError(error)} (${(error as { path?: string }).path ?? ''})\n`);
        return EXIT.usage;
      }
    }
    const loaded = readConfigOption(values.config);
    if (!loaded.ok) {
      io.stderr(`district-returns serve: ${loaded.message}\n`);
      return EXIT.usage;
    }
    const logger = createLogger();
    const running = await startServer({
      port,
      host: values.host,
      dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
      config: loaded.config,
      isHttp: values.http,
      tls,
      // dist/server/cli → dist/web, where the build puts the task pane and coordinator pages.
      webDir: resolve(__dirname, '../../web'),
      logger,
    });
    io.stderr(`district-returns: listening on ${running.url} (stop with Ctrl+C)\n`);
    await new Promise<void>((resolveStop) => {
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'signal received');
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        void running.close().then(resolveStop);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    return EXIT.ok;
  },
};
