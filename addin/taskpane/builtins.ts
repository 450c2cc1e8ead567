/**
 * Built-ins the pane's bundle uses that the older webviews the manifest admits lack (EdgeHTML,
 * Safari before 12–14): the build lowers syntax to ES2017 (scripts/build-web.js) but cannot add
 * library functions. Imported first by taskpane.ts, so it runs before any other module's
 * top-level code. Each is defined only where missing.
 *
 * BigInt cannot be polyfilled; zod builds its int64 bounds with BigInt(...) when it loads, and
 * the pane has no bigint schema, so where BigInt is missing a Number stands in for those
 * bounds rather than the whole pane failing to start.
 */
type Mutable = Record<string, unknown>;

function define(target: object, name: string, value: unknown): void {
  if (name in target) return;
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

const root: Mutable = typeof globalThis !== 'undefined' ? (globalThis as unknown as Mutable) : (self as unknown as Mutable);
define(root, 'globalThis', root);
define(root, 'BigInt', (value: unknown) => Number(value));

define(Array.prototype, 'flat', function flat(this: unknown[], depth = 1): unknown[] {
  const out: unknown[] = [];
  for (const item of this) {
    if (Array.isArray(item) && depth > 0) out.push(...(flat.call(item, depth - 1) as unknown[]));
    else out.push(item);
  }
  return out;
});
define(Array.prototype, 'flatMap', function flatMap(this: unknown[], map: (value: unknown, index: number, array: unknown[]) => unknown): unknown[] {
  const out: unknown[] = [];
  this.forEach((value, index, array) => {
    const mapped = map(value, index, array);
    if (Array.isArray(mapped)) out.push(...(mapped as unknown[]));
    else out.push(mapped);
  });
  return out;
});
define(Object, 'fromEntries', (entries: Iterable<readonly [PropertyKey, unknown]>) => {
  const out: Record<PropertyKey, unknown> = {};
  for (const [key, value] of entries) out[key] = value;
  return out;
});
define(String.prototype, 'trimStart', function trimStart(this: string): string {
  return this.replace(/^\s+/, '');
});
define(String.prototype, 'trimEnd', function trimEnd(this: string): string {
  return this.replace(/\s+$/, '');
});

export {};
