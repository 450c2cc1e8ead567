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

export interface OpenedStorage {
  storage: KeyValueStorage;
  /** False: the browser's storage is blocked or failed; what is kept lives only in this pane. */
  isPersistent: boolean;
}

/**
 * The browser's storage if it works, else an in-memory store. Excel on the web runs the pane in
 * a third-party iframe, where the browser may block or partition storage
 * (learn.microsoft.com/office/dev/add-ins/develop/persisting-add-in-state-and-settings), and a
 * blocked localStorage throws on access. If storage fails later (quota, purge), what was kept
 * moves to memory and `onLost` is called once.
 */
export function openStorage(getBrowserStorage: () => KeyValueStorage | null | undefined, onLost?: () => void): OpenedStorage {
  let browser: KeyValueStorage | null = null;
  try {
    const candidate = getBrowserStorage() ?? null;
    if (candidate) {
      const probe = storageKey(null, 'probe');
      candidate.setItem(probe, '1');
      if (candidate.getItem(probe) !== '1') throw new Error('storage does not keep what is written');
      candidate.removeItem(probe);
      browser = candidate;
    }
  } catch {
    browser = null;
  }
  if (!browser) return { storage: createMemoryStorage(), isPersistent: false };

  const memory = createMemoryStorage();
  let lost = false;
  const fallBack = () => {
    if (lost) return;
    lost = true;
    onLost?.();
  };
  const primary = browser;
  const storage: KeyValueStorage = {
    getItem: (key) => {
      if (lost) return memory.getItem(key);
      try {
        const value = primary.getItem(key);
        if (value !== null) memory.setItem(key, value);
        return value;
      } catch {
        fallBack();
        return memory.getItem(key);
      }
    },
    setItem: (key, value) => {
      memory.setItem(key, value);
      if (lost) return;
      try {
        primary.setItem(key, value);
      } catch {
        fallBack();
      }
    },
    removeItem: (key) => {
      memory.removeItem(key);
      if (lost) return;
      try {
        primary.removeItem(key);
      } catch {
        fallBack();
      }
    },
  };
  return { storage, isPersistent: true };
}
