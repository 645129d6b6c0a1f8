// The notification jobs of the server process: the deadline check every NOTIFY_CHECK_SECONDS and the
// SMS sender every SMS_SEND_SECONDS, both on the app's clock (ctx.now). A tick still running is not
// queued behind; a failed tick is logged and the next one tries again. Both are safe to run in several
// processes at once (deadlines.ts: unique key; sms.ts: claimed rows).
import type { AppContext } from '../../app.ts';
import { runDeadlineCheck } from './deadlines.ts';
import { sendPending } from './sms.ts';

const FIRST_TICK_MS = 2000;

export interface NotificationJobs { stop(): void; idle(): Promise<void> }

export function startNotificationJobs(ctx: AppContext): NotificationJobs {
  const knex = ctx.db.knex;
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const every = (ms: number, name: string, tick: () => Promise<unknown>) => {
    let busy = false;
    const run = () => {
      if (stopped || busy) return;
      busy = true;
      const p = tick()
        .then((r) => ctx.log.debug({ job: name, result: r }, 'notification job'))
        .catch((err: Error) => ctx.log.warn({ job: name, err: err.message }, 'notification job failed; retried at the next tick'))
        .finally(() => { busy = false; running.delete(p); });
      running.add(p);
    };
    const timer = setInterval(run, ms);
    timer.unref();
    // The first tick waits a moment: right after a start the first requests come first.
    setTimeout(run, FIRST_TICK_MS).unref();
    return timer;
  };
  const c = ctx.config;
  const timers = [
    every(c.NOTIFY_CHECK_SECONDS * 1000, 'deadlines', () => runDeadlineCheck(knex, new Date(ctx.now()), c.PRE_LITIGATION_DAYS)),
    every(c.SMS_SEND_SECONDS * 1000, 'sms', () => sendPending(knex, { template: c.SMS_URL_TEMPLATE, method: c.SMS_METHOD, log: ctx.log, now: ctx.now })),
  ];
  return {
    stop() { stopped = true; for (const t of timers) clearInterval(t); },
    idle: async () => { await Promise.all([...running]); },
  };
}
