/**
 * The field page's service worker, served from the root (/sw.js) so its scope covers /field.html.
 * It keeps the page and its assets so the page opens without a signal; reports themselves live in
 * IndexedDB (see queue.ts) and are sent by the page. API calls are never cached or answered here.
 * Self-contained on purpose (no imports): a service worker script cannot load module chunks.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const worker = self as unknown as WorkerScope;

const CACHE = 'sinergi-field';
const PAGE = '/field.html';

/** The page and every asset it references (hashed names, so a new build brings new ones). */
async function cachePage(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(PAGE, { cache: 'no-store' });
  if (!response.ok) return;
  const html = await response.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
  // Hashed names never change content: fetch only the ones not kept yet.
  await Promise.all(assets.map(async (url) => ((await cache.match(url)) ? undefined : cache.add(url))));
  await cache.put(PAGE, response);
  // Assets of earlier builds are no longer referenced: drop them.
  const keep = new Set([PAGE, ...assets].map((url) => new URL(url, worker.location.origin).href));
  for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(cachePage().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(worker.clients.claim());
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || url.pathname.startsWith('/api/')) return;

  if (url.pathname === PAGE || url.pathname === '/field') {
    // Network first, so an update arrives as soon as there is a signal; the cached page otherwise.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && url.pathname === PAGE) {
            void cachePage().catch(() => undefined);
          }
          return response;
        })
        .catch(async () => (await caches.match(PAGE)) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  }
});
