/**
 * `Authorization: Bearer <key>` → `res.locals.caller`, or 401. A valid key is always let in;
 * a wrong key from a source (client address, key id) that has sent too many is 429
 * (failure-limiter.ts says why the limit never refuses a valid key). The client address is
 * `req.ip`, which honours Express's `trust proxy` setting (`serve --trust-proxy`): behind the
 * TLS proxy, each client is counted by its own address from X-Forwarded-For, not the proxy's.
 * Routes check what the caller may see with the helpers below.
 */
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, ErrorKind } from '../../shared';
import type { AppDeps, Caller } from '../deps';
import { addressSource, keyIdSource } from './failure-limiter';
import { keyIdOf, verifyKey } from './keys';

export function authenticate(deps: AppDeps): RequestHandler {
  const monotonicMs = deps.monotonicMs ?? (() => performance.now());
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) {
      throw new AppError(ErrorKind.unauthorized, 'missing-key', 'Send your key as "Authorization: Bearer <key>". Ask the coordinator for one.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const key = match?.[1];
    const caller = key === undefined ? null : verifyKey(deps.store, key);
    if (caller) {
      res.locals.caller = caller;
      // For the coordinator's list of keys: when each was last used (kept in memory until the store closes).
      deps.store.round.noteKeyUse(caller.keyId, deps.now());
      next();
      return;
    }
    const nowMs = monotonicMs();
    const keyId = key === undefined ? null : keyIdOf(key);
    const sources = [addressSource(req.ip ?? req.socket.remoteAddress ?? 'unknown'), ...(keyId === null ? [] : [keyIdSource(keyId)])];
    const waitMs = Math.max(0, ...sources.map((source) => deps.failureLimiter.retryAfterMs(source, nowMs)));
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      throw new AppError(ErrorKind.tooManyRequests, 'too-many-failed-keys', `Too many wrong keys from this address or for this key. Check the key. Try again in ${seconds} s.`);
    }
    for (const source of sources) deps.failureLimiter.recordFailure(source, nowMs);
    throw new AppError(ErrorKind.unauthorized, 'invalid-key', 'This key is not valid (mistyped or revoked). Ask the coordinator for a new one.');
  };
}

export function getCaller(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  // Only reachable if a route is mounted outside the authenticated router: a programming error.
  if (!caller) throw new Error('route reached without authentication');
  return caller;
}

/** The district whose rows a write goes to: the caller's own; the coordinator only reads. */
export function requireDistrict(caller: Caller, action: string): string {
  if (caller.role !== 'district' || caller.district === null) {
    throw new AppError(ErrorKind.forbidden, 'district-key-required', `Only a district key can ${action}; the coordinator key reads every district's rows.`);
  }
  return caller.district;
}

/** A district key may only name its own district; the coordinator may name any (or none). */
export function allowedDistrict(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.role === 'coordinator') return requested;
  if (requested !== undefined && requested !== caller.district) {
    throw new AppError(ErrorKind.forbidden, 'other-district', `A ${caller.district} key can only read ${caller.district}'s rows.`);
  }
  return caller.district ?? undefined;
}
