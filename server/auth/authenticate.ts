/**
 * `Authorization: Bearer <key>` → `res.locals.caller`, or 401; 429 for an address that has
 * sent too many wrong keys. Routes check what the caller may see with the helpers below.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, ErrorKind } from '../../shared';
import type { AppDeps, Caller } from '../deps';
import { verifyKey } from './keys';

export function authenticate(deps: AppDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const nowMs = deps.now().getTime();
    const waitMs = deps.failureLimiter.retryAfterMs(address, nowMs);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      throw new AppError(ErrorKind.tooManyRequests, 'too-many-failed-keys', `Too many wrong keys from this address. Try again in ${seconds} s.`);
    }
    const header = req.get('authorization');
    if (!header) {
      throw new AppError(ErrorKind.unauthorized, 'missing-key', 'Send your key as "Authorization: Bearer <key>". Ask the coordinator for one.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const caller = match ? verifyKey(deps.store, match[1] as string) : null;
    if (!caller) {
      deps.failureLimiter.recordFailure(address, nowMs);
      throw new AppError(ErrorKind.unauthorized, 'invalid-key', 'This key is not valid (mistyped or revoked). Ask the coordinator for a new one.');
    }
    res.locals.caller = caller;
    // For the coordinator's list of keys: when each was last used (kept in memory until the store closes).
    deps.store.round.noteKeyUse(caller.keyId, deps.now());
    next();
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
