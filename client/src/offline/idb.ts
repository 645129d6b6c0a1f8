// A few promises over the raw IndexedDB API (no `idb` package): one database, one object store per use.
const DB_NAME = 'shihe-offline';
const DB_VERSION = 1;
/** The stores of the database; a new store needs DB_VERSION + 1. */
export const STORES = { queue: 'queue' } as const;
type Store = (typeof STORES)[keyof typeof STORES];

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORES.queue)) req.result.createObjectStore(STORES.queue, { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    opened.catch(() => { opened = null; });
  }
  return opened;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function store(name: Store, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(name, mode).objectStore(name);
}

export const idb = {
  async all<T>(name: Store): Promise<T[]> {
    return done((await store(name, 'readonly')).getAll() as IDBRequest<T[]>);
  },
  async get<T>(name: Store, key: IDBValidKey): Promise<T | undefined> {
    return done((await store(name, 'readonly')).get(key) as IDBRequest<T | undefined>);
  },
  async put<T>(name: Store, value: T): Promise<void> {
    await done((await store(name, 'readwrite')).put(value));
  },
  async delete(name: Store, key: IDBValidKey): Promise<void> {
    await done((await store(name, 'readwrite')).delete(key));
  },
};
