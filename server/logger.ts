/** Structured JSON logs (pino) on stdout; one line per request and per lifecycle event. */
import pino, { type Logger } from 'pino';

export function createLogger(options: { level?: string } = {}): Logger {
  return pino({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'district-returns' },
    // Keys must never reach a log file.
    redact: ['req.headers.authorization', 'headers.authorization'],
  });
}
