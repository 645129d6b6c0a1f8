// Keeps the coverage model warm in the server process, so that no planner or leader waits for a cold
// build (1–2 s at province scale): at start, and then every `intervalMs`, the default models of both
// levels are brought up to date (cheap when nothing changed: one read of the change counters), and
// layers nearing MAX_AGE_MS are reloaded in the background while the old ones keep answering.
// After a write, the next tick absorbs the partial rebuild unless a request comes first.
import type { Knex } from '../../db/types.ts';
import type { Logger } from 'pino';
import { MAX_AGE_MS, readVersions, refreshLayers } from './layers.ts';
import { modelFor } from './model.ts';

export interface Warmer {
  /** Resolves when the tick running (if any) has ended. */
  idle(): Promise<void>;
  /** The data version (model.ts dataVersion) the last tick brought the models to. */
  readonly version: string | null;
  stop(): void;
}

export function startCoverageWarmer(knex: Knex, log: Logger, intervalMs = 30_000): Warmer {
  let running: Promise<void> | null = null;
  let stopped = false;
  const warmer = {
    version: null as string | null,
    idle: () => running ?? Promise.resolve(),
    stop() { stopped = true; clearInterval(timer); },
  };
  const tick = async () => {
    const t = performance.now();
    await refreshLayers(await readVersions(knex), Math.max(0, MAX_AGE_MS - 3 * intervalMs));
    let version = '';
    for (const level of ['village', 'grid'] as const) version = (await modelFor(knex, { level })).version;
    warmer.version = version;
    const ms = Math.round(performance.now() - t);
    if (ms > 200) log.info({ ms }, 'coverage model warmed');
  };
  const run = () => {
    if (stopped || running) return; // a tick still running (a slow build) is not queued behind
    running = tick()
      .catch((err: Error) => log.warn({ err: err.message }, 'coverage warm-up failed; requests build the model themselves'))
      .finally(() => { running = null; });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return warmer;
}
