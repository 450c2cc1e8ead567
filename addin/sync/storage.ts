/**
 * Where the sync client keeps its state: anything shaped like localStorage. The pane passes
 * window.localStorage; Node tests and the fault test pass a map (or a file-backed store).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createMemoryStorage(): KeyValueStorage & { readonly size: number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    get size() {
      return items.size;
    },
  };
}

/** Keys of one add-in install: Office's partition key first where Excel on the web gives one. */
export function storageKey(partitionKey: string | null, ...parts: string[]): string {
  const base = ['district-returns', ...parts].join(':');
  return partitionKey ? `${partitionKey}:${base}` : base;
}
