// The SMS adapter: messages queued in sms_outbox (notify.ts) are sent to the court's SMS gateway by
// filling a URL template (SMS_URL_TEMPLATE, `{phone}` and `{text}` URL-encoded) and calling it; a 2xx
// answer is success. A failure is retried with a doubling pause (1, 2, 4, 8 minutes) and marked failed
// after SMS_MAX_ATTEMPTS. Without a template nothing leaves the server: each message is logged (pino)
// and kept in the outbox as `logged`. Rows are claimed (status `sending`) in a short transaction with
// FOR UPDATE SKIP LOCKED, so two processes never send the same message; the HTTP call runs outside any
// transaction (the embedded database has one connection). A claim older than CLAIM_STALE_MS (a process
// that died while sending) is taken again.
import type { Knex } from '../../db/types.ts';
import type { Logger } from 'pino';
import { maskPhone } from '../masking.ts';

export const SMS_MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 60_000;
const CLAIM_STALE_MS = 5 * 60_000;
const BATCH = 20;
const TIMEOUT_MS = 10_000;

export interface SmsOptions {
  /** e.g. `http://gw.example/send?to={phone}&text={text}`; undefined: only logged. */
  template?: string;
  method?: 'GET' | 'POST';
  log: Logger;
  now: () => number;
  fetch?: typeof globalThis.fetch;
}

/** The gateway URL of one message. */
export function fillTemplate(template: string, phone: string, text: string): string {
  return template.replaceAll('{phone}', encodeURIComponent(phone)).replaceAll('{text}', encodeURIComponent(text));
}

export interface SendRun { sent: number; retried: number; failed: number; logged: number }

/** Sends (or logs) the messages that are due; returns what happened to them. */
export async function sendPending(knex: Knex, o: SmsOptions): Promise<SendRun> {
  const now = new Date(o.now());
  const claimed = await knex.transaction(async (trx) => {
    const rows = (await trx.raw(
      `SELECT id, phone, text, attempts FROM sms_outbox
       WHERE (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= CAST(? AS timestamptz)))
          OR (status = 'sending' AND claimed_at < CAST(? AS timestamptz))
       ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [now.toISOString(), new Date(now.getTime() - CLAIM_STALE_MS).toISOString(), BATCH],
    )).rows as { id: number; phone: string; text: string; attempts: number }[];
    if (rows.length) {
      await trx('sms_outbox').whereIn('id', rows.map((r) => r.id))
        .update({ status: 'sending', claimed_at: now, attempts: trx.raw('attempts + 1') });
    }
    return rows;
  });
  const run: SendRun = { sent: 0, retried: 0, failed: 0, logged: 0 };
  const doFetch = o.fetch ?? globalThis.fetch;
  for (const m of claimed) {
    const attempts = m.attempts + 1;
    if (!o.template) {
      o.log.info({ sms_id: m.id, to: maskPhone(m.phone), text: m.text }, 'SMS not sent (no SMS_URL_TEMPLATE): logged only');
      await knex('sms_outbox').where({ id: m.id }).update({ status: 'logged', done_at: new Date(o.now()), last_error: null });
      run.logged++;
      continue;
    }
    let error: string | null = null;
    try {
      const res = await doFetch(fillTemplate(o.template, m.phone, m.text), { method: o.method ?? 'POST', signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message || String(e);
    }
    if (error === null) {
      await knex('sms_outbox').where({ id: m.id }).update({ status: 'sent', done_at: new Date(o.now()), last_error: null });
      run.sent++;
    } else if (attempts >= SMS_MAX_ATTEMPTS) {
      o.log.warn({ sms_id: m.id, attempts, error }, 'SMS failed, giving up');
      await knex('sms_outbox').where({ id: m.id }).update({ status: 'failed', done_at: new Date(o.now()), last_error: error });
      run.failed++;
    } else {
      o.log.warn({ sms_id: m.id, attempts, error }, 'SMS failed, will retry');
      const next = new Date(o.now() + RETRY_BASE_MS * 2 ** (attempts - 1));
      await knex('sms_outbox').where({ id: m.id }).update({ status: 'pending', next_attempt_at: next, last_error: error });
      run.retried++;
    }
  }
  return run;
}
