// The service worker (public/sw.js) is registered by production builds only: in development Vite serves
// fresh modules and a cache in between would only confuse.
import { forgetUser } from './queue.ts';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined); // no offline mode, the app still works
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
