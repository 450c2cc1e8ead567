/** One log line per request when it finishes: method, path, status, time, caller. Never the key. */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Caller } from '../deps';

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const caller = res.locals.caller as Caller | undefined;
      logger.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          caller: caller ? (caller.district ?? caller.role) : null,
          keyId: caller?.keyId ?? null,
        },
        'request',
      );
    });
    next();
  };
}
