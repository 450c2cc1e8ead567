/**
 * Property-based fuzzing of the two write routes on the real service: a valid return workbook
 * with bytes flipped, cut short or chunks duplicated inside the ZIP, and a valid sync body with
 * fields dropped, replaced by values of the wrong type, extreme strings or prototype keys, or
 * its JSON text broken. Every answer must be a 2xx whose body matches the protocol, or a clean
 * 4xx after which the store is byte-for-byte unchanged; never a 5xx, never a dead service.
 * Runs are bounded in count and time so the suite stays well inside its budget on 2 cores.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Finding, StoredRow, SyncResponse } from '../../shared';
import { PERIOD, XLSX_TYPE, validRow } from '../support/hostile-corpus';
import { isHealthy, refusalProblem, send, storeDigest, type Answer } from '../support/hostile-http';
import { makeReturnWorkbook, manyRows } from '../support/make-workbook';
import { startService, type TestService } from '../support/service';

const WORKBOOK_RUNS = Number(process.env.FUZZ_WORKBOOK_RUNS ?? 30);
const SYNC_RUNS = Number(process.env.FUZZ_SYNC_RUNS ?? 300);

const ReturnsAnswer = z.object({
  dryRun: z.boolean(),
  rows: z.array(StoredRow),
  findings: z.array(Finding),
  summary: z.object({ inserted: z.number().int(), updated: z.number().int(), deleted: z.number().int(), unchanged: z.number().int() }),
});

let service: TestService;
let key: string;
let workbook: Buffer;
const tally = { accepted: 0, refused: 0 };

beforeAll(async () => {
  service = await startService();
  key = service.createKey('HBBC');
  workbook = await makeReturnWorkbook(manyRows(6));
  const seed = await send(service.url, `/api/v1/returns?period=${PERIOD}`, { method: 'POST', key, headers: { 'content-type': XLSX_TYPE }, body: workbook });
  expect(seed.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await service?.close();
});

/**
 * The rule every answer keeps. A 2xx may change the store (the mutation was harmless and the
 * data is stored); a 4xx must leave it as it was. Returns a reason when the rule is broken.
 */
function judge(answer: Answer, schema: z.ZodType, before: string): string | null {
  const after = storeDigest(service.dataDir);
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) return `2xx with a body that breaks the protocol: ${answer.text.slice(0, 300)}`;
    tally.accepted++;
    return null;
  }
  const problem = refusalProblem(answer);
  if (problem) return problem;
  if (after !== before) return `refused with ${answer.status} but the store changed`;
  tally.refused++;
  return null;
}

// ---- workbook mutations -------------------------------------------------------------------

type Mutation =
  | { kind: 'flip'; flips: { at: number; xor: number }[] }
  | { kind: 'truncate'; keep: number }
  | { kind: 'duplicate'; from: number; length: number; to: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), flips: fc.array(fc.record({ at: fraction, xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fraction }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fraction, length: fc.integer({ min: 1, max: 4096 }), to: fraction }),
);

function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  const at = (f: number) => Math.floor(f * bytes.length);
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      for (const flip of m.flips) copy[at(flip.at)] = (copy[at(flip.at)] as number) ^ flip.xor;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at(m.keep));
    case 'duplicate': {
      const chunk = bytes.subarray(at(m.from), at(m.from) + m.length);
      return Buffer.concat([bytes.subarray(0, at(m.to)), chunk, bytes.subarray(at(m.to))]);
    }
  }
}

test(`a mutated workbook is stored or refused cleanly, never a 5xx (${WORKBOOK_RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(mutation, fc.boolean(), async (m, isDryRun) => {
      const before = storeDigest(service.dataDir);
      const answer = await send(service.url, `/api/v1/returns?period=${PERIOD}${isDryRun ? '&dryRun=1' : ''}`, {
        method: 'POST',
        key,
        headers: { 'content-type': XLSX_TYPE },
        body: applyMutation(workbook, m),
        timeoutMs: 45_000,
      });
      const problem = judge(answer, ReturnsAnswer, before);
      if (isDryRun && answer.status === 200 && storeDigest(service.dataDir) !== before) throw new Error('a dry run changed the store');
      if (problem) throw new Error(problem);
    }),
    { numRuns: WORKBOOK_RUNS, interruptAfterTimeLimit: 60_000 },
  );
  expect(await isHealthy(service.url)).toBe(true);
}, 120_000);

// ---- sync body mutations ------------------------------------------------------------------

const FIELD_PATHS = [
  ['period'],
  ['batchId'],
  ['changes'],
  ['changes', 0],
  ['changes', 0, 'id'],
  ['changes', 0, 'baseVersion'],
  ['changes', 0, 'row'],
  ['changes', 0, 'row', 'outcome'],
  ['changes', 0, 'row', 'aim'],
  ['changes', 0, 'row', 'laaRefs'],
  ['changes', 0, 'row', 'laaRefs', 0],
  ['changes', 0, 'row', 'action'],
  ['changes', 0, 'row', 'update'],
  ['changes', 0, 'row', 'status'],
  ['changes', 0, 'row', 'sheet'],
  ['changes', 0, 'row', 'rowNumber'],
] as const;

const extremeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u200b', '\u202e', '\ud800', '\uffff', '=', '<', '"', '\\'), maxLength: 32 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', '<img src=x onerror=alert(1)>', '=HYPERLINK("http://x")', '2008-03', 'Stay safe', 'x'.repeat(32_001), '😀'.repeat(40_000)),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  extremeString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 2 ** 53, Number.MAX_VALUE),
  fc.array(fc.oneof(fc.integer(), extremeString), { maxLength: 5 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a'), fc.integer(), { maxKeys: 2 }),
);

type BodyMutation =
  | { kind: 'drop'; path: number }
  | { kind: 'replace'; path: number; value: unknown }
  | { kind: 'add-key'; path: number; key: string; value: unknown }
  | { kind: 'text'; at: number; insert: string; remove: number };

const bodyMutation: fc.Arbitrary<BodyMutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), path: fc.nat(FIELD_PATHS.length - 1) }),
    fc.record({ kind: fc.constant('replace' as const), path: fc.nat(FIELD_PATHS.length - 1), value: anyValue }),
    fc.record({ kind: fc.constant('add-key' as const), path: fc.nat(FIELD_PATHS.length - 1), key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'deleted', 'district', 'extra'), value: anyValue }),
    fc.record({ kind: fc.constant('text' as const), at: fraction, insert: fc.string({ maxLength: 4 }), remove: fc.nat(4) }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** The mutated body as text: JSON-level edits first, then edits of the JSON text itself. */
function mutateBody(mutations: readonly BodyMutation[]): string {
  const body: Record<string, unknown> = { period: PERIOD, batchId: `fuzz-${randomUUID()}`, changes: [{ id: randomUUID(), baseVersion: 0, row: validRow() }] };
  const textEdits: Extract<BodyMutation, { kind: 'text' }>[] = [];
  for (const m of mutations) {
    if (m.kind === 'text') {
      textEdits.push(m);
      continue;
    }
    const path = FIELD_PATHS[m.path] as readonly (string | number)[];
    let parent: unknown = body;
    for (const step of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[step] : undefined;
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1] as string | number;
    const target = parent as Record<string | number, unknown>;
    if (m.kind === 'drop') delete target[last];
    else if (m.kind === 'replace') target[last] = m.value;
    else {
      const inner = target[last];
      if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
        // defineProperty so "__proto__" becomes a real own key in the JSON, as an attacker sends it.
        Object.defineProperty(inner, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      }
    }
  }
  let text = JSON.stringify(body);
  for (const edit of textEdits) {
    const at = Math.floor(edit.at * text.length);
    text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
  }
  return text;
}

test(`a mutated sync body is applied or refused cleanly, never a 5xx (${SYNC_RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(bodyMutation, async (mutations) => {
      const before = storeDigest(service.dataDir);
      const answer = await send(service.url, '/api/v1/sync', { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: mutateBody(mutations) });
      const problem = judge(answer, SyncResponse, before);
      if (problem) throw new Error(problem);
    }),
    { numRuns: SYNC_RUNS, interruptAfterTimeLimit: 45_000 },
  );
  expect(await isHealthy(service.url)).toBe(true);
}, 90_000);

test('the fuzzers reached both answers: some mutations were refused and some applied', () => {
  // A fuzzer that only ever hits one branch proves little; the unmutated-enough cases get through.
  expect(tally.refused).toBeGreaterThan(10);
  expect(tally.accepted).toBeGreaterThan(0);
});
