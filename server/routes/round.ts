/**
 * The coordinator's round (mounted under /api/v1, after authentication; the coordinator's key
 * alone, a district key gets 403). Every change is recorded in the audit log (who, when, what).
 * - GET  /round?period=            each district: rows, last change, and late or not against the deadline
 * - POST /periods                  open a period `{ id, label, deadline }`
 * - GET  /laa-refs                 the catalogue as the service uses it (with retirements)
 * - POST /laa-refs                 add a ref `{ code, title }`
 * - POST /laa-refs/:code/retire    retire a ref from a period on `{ from }`
 * - GET  /keys, POST /keys `{ who }` (the key shown once), POST /keys/:id/revoke
 * - GET  /exceptions?period=       rows At risk or Exceptional, across districts
 * - GET  /board?period=            the board's tables as the master workbook will have them
 * - GET  /audit                    the coordinator's changes, newest first
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorKind, PeriodId } from '../../shared';
import { districtReturnsFromStored, mergeReturns } from '../../shared/merge';
import { getCaller } from '../auth/authenticate';
import { createKey } from '../auth/keys';
import type { AppDeps, Caller } from '../deps';
import { parseInput } from '../http/parse';
import { PeriodQuery, requireKnownPeriod } from './period';

const json = express.json({ limit: '16kb' });
const PeriodOnly = PeriodQuery.pick({ period: true });
const OpenPeriod = z.object({
  id: PeriodId,
  label: z.string().trim().min(1, 'a label is required, e.g. "August 2008"').max(100),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a deadline is a date, YYYY-MM-DD').nullable().optional(),
}).strict();
const NewRef = z.object({ code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9.\-/ ]*$/, 'an LAA ref is letters, digits and . - /, e.g. NI 111'), title: z.string().trim().max(300).optional() }).strict();
const Retire = z.object({ from: PeriodId }).strict();
const NewKey = z.object({ who: z.string().trim().min(1).max(20) }).strict();

export type LateState = 'on-time' | 'late' | 'missing' | 'not-due' | 'sent';

/**
 * Late or not: with a deadline, a district with no rows is `missing` once the deadline has
 * passed (else `not-due`), and one whose last change came after the end of the deadline day
 * (UTC) is `late`; without a deadline, `sent` or `not-due`.
 */
export function lateState(lastChange: string | null, deadline: string | undefined, now: Date): LateState {
  if (!deadline) return lastChange ? 'sent' : 'not-due';
  const due = Date.parse(`${deadline}T23:59:59.999Z`);
  if (!lastChange) return now.getTime() > due ? 'missing' : 'not-due';
  return Date.parse(lastChange) > due ? 'late' : 'on-time';
}

function requireCoordinator(caller: Caller, what: string): Caller {
  if (caller.role !== 'coordinator') throw new AppError(ErrorKind.forbidden, 'coordinator-key-required', `Only the coordinator's key can ${what}.`);
  return caller;
}

export function createRoundRouter(deps: AppDeps, refreshConfig: () => void): Router {
  const router = Router();
  const round = deps.store.round;
  const at = () => deps.now().toISOString();

  router.get('/round', (req, res) => {
    requireCoordinator(getCaller(res), 'see who is late');
    const period = requireKnownPeriod(deps.config, parseInput(PeriodOnly, req.query, 'query').period);
    const entry = deps.config.periods.find((p) => p.id === period)!;
    const activity = new Map(deps.store.districtActivity(period).map((a) => [a.district, a]));
    const now = deps.now();
    res.json({
      period: entry,
      districts: deps.config.districts.map((d) => {
        const a = activity.get(d.code);
        const lastChange = a && a.rows > 0 ? a.lastSync : null;
        return { code: d.code, name: d.name, rows: a?.rows ?? 0, lastChange, state: lateState(lastChange, entry.deadline, now) };
      }),
    });
  });

  router.post('/periods', json, (req, res) => {
    const caller = requireCoordinator(getCaller(res), 'open a period');
    const body = parseInput(OpenPeriod, req.body, 'period');
    if (deps.config.periods.some((p) => p.id === body.id)) {
      throw new AppError(ErrorKind.conflict, 'period-exists', `Period ${body.id} is already open.`);
    }
    round.openPeriod({ id: body.id, label: body.label, deadline: body.deadline ?? null }, caller.keyId, at());
    refreshConfig();
    res.status(201).json({ period: deps.config.periods.find((p) => p.id === body.id) });
  });

  router.get('/laa-refs', (_req, res) => {
    requireCoordinator(getCaller(res), 'edit the LAA catalogue');
    res.json({ laaRefs: deps.config.laaRefs });
  });

  router.post('/laa-refs', json, (req, res) => {
    const caller = requireCoordinator(getCaller(res), 'edit the LAA catalogue');
    const body = parseInput(NewRef, req.body, 'LAA ref');
    if (deps.config.laaRefs.some((r) => r.code.toUpperCase() === body.code.toUpperCase() && !r.retiredFrom)) {
      throw new AppError(ErrorKind.conflict, 'ref-exists', `${body.code} is already in the catalogue.`);
    }
    round.changeRef({ code: body.code, title: body.title ?? null, retiredFrom: null }, 'laa-ref.add', caller.keyId, at());
    refreshConfig();
    res.status(201).json({ laaRefs: deps.config.laaRefs });
  });

  router.post('/laa-refs/:code/retire', json, (req, res) => {
    const caller = requireCoordinator(getCaller(res), 'edit the LAA catalogue');
    const body = parseInput(Retire, req.body, 'retirement');
    const ref = deps.config.laaRefs.find((r) => r.code.toUpperCase() === String(req.params.code).toUpperCase());
    if (!ref) throw new AppError(ErrorKind.notFound, 'unknown-ref', `${String(req.params.code)} is not in the catalogue.`);
    round.changeRef({ code: ref.code, title: ref.title ?? null, retiredFrom: body.from }, 'laa-ref.retire', caller.keyId, at());
    refreshConfig();
    res.json({ laaRefs: deps.config.laaRefs });
  });

  router.get('/keys', (_req, res) => {
    requireCoordinator(getCaller(res), 'manage keys');
    const used = round.keyLastUse();
    res.json({
      keys: deps.store.listKeys().map((k) => ({ id: k.id, role: k.role, district: k.district, createdAt: k.createdAt, revokedAt: k.revokedAt, lastUsedAt: used.get(k.id) ?? null })),
    });
  });

  router.post('/keys', json, (req, res) => {
    const caller = requireCoordinator(getCaller(res), 'create keys');
    const body = parseInput(NewKey, req.body, 'key');
    const { key, record } = createKey(deps.store, body.who, deps.config, deps.now);
    round.audit(caller.keyId, 'key.create', { id: record.id, role: record.role, district: record.district }, at());
    // The only time the key exists in full: never logged, never stored.
    res.status(201).set('cache-control', 'no-store').json({ key, id: record.id, role: record.role, district: record.district });
  });

  router.post('/keys/:id/revoke', (req, res) => {
    const caller = requireCoordinator(getCaller(res), 'revoke keys');
    const id = parseInput(z.string().regex(/^[0-9a-f]{12}$/, 'a key id is 12 hex characters'), req.params.id, 'key id');
    if (id === caller.keyId) throw new AppError(ErrorKind.badRequest, 'own-key', 'This is the key you are signed in with; create another coordinator key first and sign in with it.');
    if (!deps.store.revokeKey(id, at())) throw new AppError(ErrorKind.notFound, 'unknown-key', `No key ${id} that is not already revoked.`);
    round.audit(caller.keyId, 'key.revoke', { id }, at());
    res.json({ id, revoked: true });
  });

  const boardModel = (period: string) =>
    mergeReturns({ period, districts: districtReturnsFromStored(deps.store.listRows({ period }), deps.store.districtActivity(period), deps.config), now: deps.now() }, deps.config);

  router.get('/exceptions', (req, res) => {
    requireCoordinator(getCaller(res), 'see the exceptions');
    const period = requireKnownPeriod(deps.config, parseInput(PeriodOnly, req.query, 'query').period);
    res.json({ exceptions: boardModel(period).exceptions });
  });

  router.get('/board', (req, res) => {
    requireCoordinator(getCaller(res), "preview the board's tables");
    const period = requireKnownPeriod(deps.config, parseInput(PeriodOnly, req.query, 'query').period);
    const model = boardModel(period);
    res.json({
      outcomes: model.outcomes.map((o) => ({
        code: o.code,
        name: o.name,
        rows: o.rows.map((r) => ({ aim: r.aim, laaRefs: r.laaRefs, missingRefDistricts: r.missingRefDistricts, action: r.action, updates: r.updates })),
      })),
    });
  });

  router.get('/audit', (_req, res) => {
    requireCoordinator(getCaller(res), 'read the audit log');
    res.json({ entries: round.listAudit() });
  });
  return router;
}
