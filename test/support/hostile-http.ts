/**
 * What the hostile and security suites share: a digest of everything the store holds (every
 * row of every table, read over a separate read-only connection), a bounded fetch against the
 * real service on loopback, and the check that a refusal is the error shape a person can act on.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { ErrorBody } from '../../shared';
import { databasePath } from '../../server/main';

/** SHA-256 over every row of every table (schema included), each table in rowid order. */
export function storeDigest(dataDir: string): string {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    for (const table of tables) {
      hash.update(`${table.name}\n${table.sql}\n`);
      const rows = db.prepare(`SELECT * FROM "${table.name.replace(/"/g, '""')}" ORDER BY rowid`).raw().all() as unknown[][];
      for (const row of rows) {
        hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v))));
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** Counts per table, for a failure message a person can read. */
export function storeCounts(dataDir: string): Record<string, number> {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  key?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Abort after this long; no request in these suites may hang. */
  timeoutMs?: number;
}

export async function send(baseUrl: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    // A copy as a plain Uint8Array: fetch's types take that, not a Buffer over a shared pool.
    body: typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  const text = buffer.toString('utf8');
  let json: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, json };
}

const STACK_OR_INTERNALS = /\bat \S+ \(|node_modules|\.ts:\d+|\.js:\d+|TypeError|RangeError|SyntaxError|ReferenceError|SQLITE|undefined is not|\[object Object\]|ERR_[A-Z_]+/;

/**
 * Why an answer is not a clear refusal, or null when it is: a 4xx, JSON `{ error: { code,
 * message, details } }` and nothing else, a kebab-case code, a message of whole words a person
 * can act on, and nothing from the inside (stack frames, file paths, engine error names).
 */
export function refusalProblem(answer: Answer): string | null {
  if (answer.status < 400 || answer.status > 499) return `status ${answer.status}, body ${answer.text.slice(0, 300)}`;
  const parsed = ErrorBody.safeParse(answer.json);
  if (!parsed.success) return `not the error shape: ${answer.text.slice(0, 300)}`;
  if (Object.keys(answer.json as object).join() !== 'error') return `extra top-level fields: ${answer.text.slice(0, 200)}`;
  if (!Object.prototype.hasOwnProperty.call((answer.json as { error: object }).error, 'details')) return 'no details field';
  const { code, message } = parsed.data.error;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code)) return `code "${code}" is not kebab-case`;
  if (message.length < 15 || !/[a-z]{3,} [a-z]{2,}/i.test(message)) return `message too thin: "${message}"`;
  if (STACK_OR_INTERNALS.test(answer.text)) return `leaks internals: ${answer.text.slice(0, 300)}`;
  return null;
}

export async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const answer = await send(baseUrl, '/healthz', { timeoutMs: 5_000 });
    return answer.status === 200 && (answer.json as { status?: string } | undefined)?.status === 'ok';
  } catch {
    return false;
  }
}
