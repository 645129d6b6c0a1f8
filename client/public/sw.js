// The service worker (hand-written, no library): the app opens and the user's own cases read offline.
// Registered only by production builds (src/pwa/register.ts). `npm run build` writes the build id and the
// list of files to precache into dist/sw.js (vite.config.ts, plugin `sw-precache`).
//   app shell  — index.html, the entry's JS/CSS and the offline views' chunks: precached at install; other
//                /assets/ files (hashed, immutable) cache-first when first used; navigations network-first
//                with the cached index.html when offline.
//   API        — GETs of the user's own work (me, 我的案件, the case files opened, their child lists):
//                network-first, the last answer from the cache when the network fails. One cache per user
//                (`shihe-api-<user id>`), the user learnt from the login and /api/auth/me answers; another
//                user's login, a 401 of /api/auth/me and logout delete the other caches. Nothing else of
//                the API is cached, and writes are never touched (the page queues them: src/offline/).
/* eslint-disable no-restricted-globals */
const BUILD = '__BUILD_ID__';
const PRECACHE = [/*__PRECACHE__*/];
const SHELL = `shihe-shell-${BUILD}`;
const API_PREFIX = 'shihe-api-';
const META = 'shihe-meta';
const USER_KEY = '/__sw/user';

// The user's own work: what 我的案件, a case file and the report form read.
const CACHEABLE = [
  /^\/api\/auth\/me$/,
  /^\/api\/config$/,
  /^\/api\/my\//,
  /^\/api\/cases\/\d+(\/(sessions|attachments|files|events|notes|guidance))?$/,
  /^\/api\/notifications(\/.*)?$/,
];

let userId; // undefined: not read yet; null: nobody

async function currentUser() {
  if (userId !== undefined) return userId;
  const hit = await (await caches.open(META)).match(USER_KEY);
  userId = hit ? (await hit.json()).id : null;
  return userId;
}

/** Records who is logged in; every other user's cached answers are deleted. */
async function setUser(id) {
  userId = id;
  const meta = await caches.open(META);
  if (id === null) await meta.delete(USER_KEY);
  else await meta.put(USER_KEY, new Response(JSON.stringify({ id })));
  for (const name of await caches.keys()) {
    if (name.startsWith(API_PREFIX) && name !== `${API_PREFIX}${id}`) await caches.delete(name);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(PRECACHE);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('shihe-shell-') && name !== SHELL) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page says so at logout (also offline, when the logout request cannot reach the server).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'logout') event.waitUntil(setUser(null));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (req.method === 'POST' && url.pathname === '/api/auth/login') event.respondWith(login(req));
    else if (req.method === 'POST' && url.pathname === '/api/auth/logout') event.respondWith(logout(req));
    else if (req.method === 'GET' && CACHEABLE.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(req, url));
    return;
  }
  if (req.method !== 'GET') return;
  if (req.mode === 'navigate') event.respondWith(navigation(req));
  else event.respondWith(cacheFirst(req));
});

async function login(req) {
  const res = await fetch(req);
  if (res.ok) {
    try {
      await setUser((await res.clone().json()).user.id);
    } catch { /* not our answer: leave the caches */ }
  }
  return res;
}

async function logout(req) {
  try {
    return await fetch(req);
  } finally {
    await setUser(null);
  }
}

async function networkFirst(req, url) {
  let res;
  try {
    res = await fetch(req);
  } catch (err) {
    const id = await currentUser();
    const hit = id === null ? undefined : await (await caches.open(`${API_PREFIX}${id}`)).match(req);
    if (hit) return hit;
    throw err;
  }
  if (url.pathname === '/api/auth/me') {
    if (res.status === 401) await setUser(null);
    else if (res.ok) {
      try {
        const id = (await res.clone().json()).user.id;
        if (id !== (await currentUser())) await setUser(id);
      } catch { /* leave it */ }
    }
  }
  const id = await currentUser();
  if (res.ok && id !== null) await (await caches.open(`${API_PREFIX}${id}`)).put(req, res.clone());
  return res;
}

async function navigation(req) {
  try {
    return await fetch(req);
  } catch (err) {
    const shell = await (await caches.open(SHELL)).match('/index.html');
    if (shell) return shell;
    throw err;
  }
}

async function cacheFirst(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  const path = new URL(req.url).pathname;
  if (res.ok && (path.startsWith('/assets/') || path.startsWith('/icons/'))) await (await caches.open(SHELL)).put(req, res.clone());
  return res;
}
