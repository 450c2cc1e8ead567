/**
 * The service as its own process for the fault test, so it can be killed with SIGKILL:
 * `node service-child.js PORT DATA_DIR`. Prints "ready" once it listens.
 */
import { DEFAULT_CONFIG } from '../../shared';
import { createLogger } from '../../server/logger';
import { startServer } from '../../server/main';

const [port, dataDir] = process.argv.slice(2);
startServer({
  port: Number(port),
  host: '127.0.0.1',
  dataDir: dataDir!,
  config: DEFAULT_CONFIG,
  isHttp: true,
  webDir: dataDir!,
  logger: createLogger({ level: 'silent' }),
  // The fault test's seven clients share one address; none of them ever sends a wrong key.
  failureLimit: { maxFailures: 1000, windowMs: 1000 },
}).then(
  () => process.stdout.write('ready\n'),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
