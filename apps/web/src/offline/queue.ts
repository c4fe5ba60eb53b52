/**
 * The field page's storage in IndexedDB: the queue of reports filed on the phone (with their photo),
 * and the places of the user's scope for picking a village offline. IndexedDB outlives reloads and
 * app updates (the service worker replaces cached files, never this database); upgrades only add.
 */

export type QueueState = 'queued' | 'sent' | 'failed';

export interface QueuedReport {
  /** Generated on the phone: the server stores a resubmission with the same id once. */
  id: string;
  body: Record<string, unknown>;
  photo?: Blob | undefined;
  photoName?: string | undefined;
  photoSent?: boolean;
  state: QueueState;
  /** The server's status once sent (new, verified, ...). */
  serverStatus?: string;
  /** Why the server refused it (a 4xx other than a session problem); it is not retried. */
  error?: string;
  queuedAt: number;
  sentAt?: number;
  checkedAt?: number;
}

export interface Place {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

const DB_NAME = 'sinergi-field';
const VERSION = 1;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('reports')) db.createObjectStore('reports', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('places')) {
        const places = db.createObjectStore('places', { keyPath: 'code' });
        places.createIndex('parent', 'parentCode');
      }
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

let dbPromise: Promise<IDBDatabase> | undefined;
const database = () => (dbPromise ??= open());

function run<T>(
  store: string,
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T> {
  return database().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = work(tx.objectStore(store));
        // Resolve when the transaction is durable, not just when the request is done.
        tx.oncomplete = () => resolve(request ? request.result : (undefined as T));
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB error'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
      }),
  );
}

export const queue = {
  put: (report: QueuedReport) => run('reports', 'readwrite', (s) => s.put(report)).then(() => undefined),
  all: async (): Promise<QueuedReport[]> => {
    const rows = await run<QueuedReport[]>(
      'reports',
      'readonly',
      (s) => s.getAll() as IDBRequest<QueuedReport[]>,
    );
    return rows.sort((a, b) => a.queuedAt - b.queuedAt);
  },
  get: (id: string) =>
    run<QueuedReport | undefined>(
      'reports',
      'readonly',
      (s) => s.get(id) as IDBRequest<QueuedReport | undefined>,
    ),
};

export const places = {
  putAll: (rows: Place[]) =>
    run('places', 'readwrite', (s) => {
      for (const row of rows) s.put(row);
    }).then(() => undefined),
  children: (parentCode: string): Promise<Place[]> =>
    run<Place[]>(
      'places',
      'readonly',
      (s) => s.index('parent').getAll(parentCode) as IDBRequest<Place[]>,
    ).then((rows) => rows.sort((a, b) => a.name.localeCompare(b.name))),
  get: (code: string) =>
    run<Place | undefined>('places', 'readonly', (s) => s.get(code) as IDBRequest<Place | undefined>),
};

export const meta = {
  get: <T>(key: string) =>
    run<T | undefined>('meta', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
  set: (key: string, value: unknown) =>
    run('meta', 'readwrite', (s) => s.put(value, key)).then(() => undefined),
};
