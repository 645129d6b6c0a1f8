// The service worker (public/sw.js) is registered by production builds only: in development Vite serves
// fresh modules and a cache in between would only confuse.
import { forgetUser } from './queue.ts';

const REGISTER_DELAY_MS = 3000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  // A while after load: the first view's own chunks are in the HTTP cache by then, so the precache reads
  // them from there instead of downloading them a second time beside the page on a slow line.
  window.addEventListener('load', () => {
    setTimeout(() => {
      navigator.serviceWorker.register('/sw.js').catch(() => undefined); // no offline mode, the app still works
    }, REGISTER_DELAY_MS);
  });
}

/** Logout: the user's cached answers and queued writes leave the device. */
export async function forgetOfflineData(userId: number): Promise<void> {
  await forgetUser(userId).catch(() => undefined);
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (name.startsWith('shihe-api-') || name === 'shihe-meta') await caches.delete(name);
  }
  navigator.serviceWorker?.controller?.postMessage({ type: 'logout' });
}
