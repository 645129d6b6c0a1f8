// The offline queue (待发送): writes made without a connection wait here, in IndexedDB, per user, and are
// sent in order when the connection returns — each with the Idempotency-Key it got when it was made, so
// the server runs it once even if it is sent twice (a lost answer, a reload during the send).
// States: waiting → sending → sent; a 409/404 answer (the case changed or was reassigned meanwhile) is a
// conflict, another 4xx a failure: both stay in the list with the server's message until the user removes
// them. Photos wait too: a multipart body is stored as its parts (Blobs are kept by IndexedDB as they are).
import { answerError, sendWrite, type Method, type WriteBody } from '../api/client.ts';
import { idb, STORES } from './idb.ts';

export type QueueState = 'waiting' | 'sending' | 'sent' | 'conflict' | 'failed';

export const STATE_LABELS: Record<QueueState, string> = {
  waiting: '等待发送', sending: '正在发送', sent: '已发送', conflict: '冲突', failed: '失败',
};

type FormPart = { name: string; value: string } | { name: string; blob: Blob; filename: string };
type StoredBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'form'; parts: FormPart[] };

export interface QueueItem {
  /** The Idempotency-Key, also the item's key in the store. */
  key: string;
  userId: number;
  label: string;
  method: Method;
  path: string;
  body: StoredBody;
  state: QueueState;
  /** The server's message of a conflict or failure. */
  message: string | null;
  createdAt: number;
  attempts: number;
}

let userId: number | null = null;
let items: QueueItem[] = [];
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** Sent items stay in the list this long, so the user sees them go. */
const KEEP_SENT_MS = 24 * 3600 * 1000;
/** After a busy server (503, a retry still running), the queue tries again this much later. */
const RETRY_MS = 10_000;

function toStored(body: WriteBody): StoredBody {
  if (body === undefined) return { kind: 'none' };
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const parts: FormPart[] = [];
    body.forEach((value, name) => parts.push(typeof value === 'string' ? { name, value } : { name, blob: value, filename: value.name }));
    return { kind: 'form', parts };
  }
  return { kind: 'json', value: body };
}

function fromStored(body: StoredBody): WriteBody {
  if (body.kind === 'none') return undefined;
  if (body.kind === 'json') return body.value;
  const form = new FormData();
  for (const p of body.parts) {
    if ('blob' in p) form.append(p.name, p.blob, p.filename);
    else form.append(p.name, p.value);
  }
  return form;
}

async function reload(): Promise<void> {
  const all = userId === null ? [] : await idb.all<QueueItem>(STORES.queue);
  const now = Date.now();
  for (const i of all) if (i.state === 'sent' && now - i.createdAt > KEEP_SENT_MS) await idb.delete(STORES.queue, i.key);
  items = all.filter((i) => i.userId === userId && !(i.state === 'sent' && now - i.createdAt > KEEP_SENT_MS)).sort((a, b) => a.createdAt - b.createdAt);
  notify();
}

async function save(item: QueueItem): Promise<void> {
  await idb.put(STORES.queue, item);
  items = items.some((i) => i.key === item.key) ? items.map((i) => (i.key === item.key ? item : i)) : [...items, item];
  notify();
}

/** The logged-in user (null: nobody): only their items are shown and sent. */
export async function setQueueUser(id: number | null): Promise<void> {
  if (id === userId) return;
  userId = id;
  await reload();
  if (id !== null) void flush();
}

/** Stores a write to send later (client.ts queueableWrite). */
export async function enqueue(w: { key: string; method: Method; path: string; body: WriteBody; label: string }): Promise<void> {
  if (userId === null) throw new Error('offline queue: no user');
  await save({ key: w.key, userId, label: w.label, method: w.method, path: w.path, body: toStored(w.body), state: 'waiting', message: null, createdAt: Date.now(), attempts: 0 });
  if (typeof navigator === 'undefined' || navigator.onLine !== false) scheduleRetry();
}

export function queueItems(): readonly QueueItem[] {
  return items;
}

export function subscribeQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Items still to send (waiting or being sent). */
export const pendingCount = (list: readonly QueueItem[]) => list.filter((i) => i.state === 'waiting' || i.state === 'sending').length;

let running: Promise<void> | null = null;
let again = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
const sentListeners = new Set<() => void>();

/** Called after an item was sent (views reload what they show). */
export function onQueueSent(listener: () => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

function scheduleRetry(): void {
  if (retryTimer) return;
  retryTimer = setTimeout(() => { retryTimer = null; void flush(); }, RETRY_MS);
}

/** Sends the waiting items in order, one at a time; stops at the first network failure. */
export function flush(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await flushOnce();
    } while (again);
  })().finally(() => { running = null; });
  return running;
}

async function flushOnce(): Promise<void> {
  for (const item of items.filter((i) => i.state === 'waiting' || i.state === 'sending')) {
    if (userId !== item.userId) return;
    await save({ ...item, state: 'sending', attempts: item.attempts + 1 });
    const r = await sendWrite(item.method, item.path, fromStored(item.body), item.key);
    const code = (r.body as { error?: { code?: string } } | null)?.error?.code;
    if (r.status === 0 || r.status === 401 || r.status === 429 || r.status >= 500 || code === 'idempotency_in_progress') {
      // Not sent (offline, logged out, server busy): wait, keep the order.
      await save({ ...item, state: 'waiting', attempts: item.attempts + 1 });
      if (r.status !== 0 && r.status !== 401) scheduleRetry();
      return;
    }
    const ok = r.status >= 200 && r.status < 300;
    const state: QueueState = ok ? 'sent' : r.status === 409 || r.status === 404 ? 'conflict' : 'failed';
    await save({ ...item, state, attempts: item.attempts + 1, message: ok ? null : answerError(r).message });
    if (ok) sentListeners.forEach((l) => l());
  }
}

/** Removes one item (a conflict or failure the user has read, or a sent one). */
export async function removeItem(key: string): Promise<void> {
  await idb.delete(STORES.queue, key);
  items = items.filter((i) => i.key !== key);
  notify();
}

/** Logout: the user's items leave the device with them. */
export async function forgetUser(id: number): Promise<void> {
  for (const i of await idb.all<QueueItem>(STORES.queue)) if (i.userId === id) await idb.delete(STORES.queue, i.key);
  if (userId === id) {
    userId = null;
    items = [];
    notify();
  }
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void flush());
