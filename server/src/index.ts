// The process: settings, logger, database, HTTP server, clean shutdown.
// `npm run serve` starts it with --max-semi-space-size=64: a larger young generation means fewer
// scavenges, each a 2–3 ms pause of every request in flight (the embedded preview's p99 fell 10–15 %).
import pino from 'pino';
import { loadConfig, loadEnvFile, redactedConfig } from './config.ts';
import { startDatabase } from './start.ts';
import type { NotificationJobs } from './services/notifications/jobs.ts';

const t0 = performance.now();
loadEnvFile();
const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL });
log.debug({ config: redactedConfig(config) }, 'settings');

try {
  // How long a start waits for a PostgreSQL server that is down (it retries, logging each attempt).
  const starting = startDatabase(config, log, { waitForDatabaseMs: config.DATABASE_WAIT_SECONDS * 1000 });
  starting.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  // The application's modules (about half a second) are imported while the database opens: the
  // embedded database compiles its WebAssembly off the main thread, so the two overlap.
  const [{ createApp, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS }, { startCoverageWarmer }, { startNotificationJobs }, { dispatchModel }] = await Promise.all([
    import('./app.ts'),
    import('./services/coverage/warm.ts'),
    import('./services/notifications/jobs.ts'),
    import('./services/dispatch/model.ts'),
  ]);
  const { db, timings } = await starting;
  const { app, ctx } = createApp({ db, config, log });
  let warmer: ReturnType<typeof startCoverageWarmer> | undefined;
  let jobs: NotificationJobs | undefined;
  // Express 5 calls this with the error when listening fails (the port taken by another process):
  // without this check the process logged `ready` and then answered nothing, for ever.
  const server = app.listen(config.PORT, config.HOST, (err?: Error) => {
    if (err) {
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      const message = inUse
        ? `Port ${config.PORT} on ${config.HOST} is already in use by another process: stop it or choose another PORT. 端口 ${config.PORT} 已被其他程序占用：请停止该程序，或在 .env 中设置其他 PORT。`
        : `Cannot listen on ${config.HOST}:${config.PORT} (${err.message}). 无法在 ${config.HOST}:${config.PORT} 上监听。`;
      log.fatal({ err: err.message }, 'start failed');
      console.error(`\n启动失败 / start failed: ${message}\n`);
      // The embedded database writes its folder on close: close it before leaving.
      db.close().finally(() => process.exit(1));
      return;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    const ready_ms = Math.round(performance.now() - t0);
    // modules_ms: loading before this file's first line ran (performance.now() counts from the process
    // start); cpu_ms: CPU time of the whole start, all threads (less sensitive to a busy machine).
    const cpu = process.cpuUsage();
    log.info({ database: db.kind, modules_ms: Math.round(t0), ...timings, ready_ms, cpu_ms: Math.round((cpu.user + cpu.system) / 1000) }, 'ready');
    if (config.COVERAGE_WARM_SECONDS > 0) warmer = startCoverageWarmer(db.knex, log, config.COVERAGE_WARM_SECONDS * 1000);
    jobs = startNotificationJobs(ctx);
    // The dispatch read model: built in the background once the server answers (previews use the SQL
    // until it is ready), then caught up from the change counters every 250 ms. (Lost in a merge once:
    // server/test/start-dispatch-model.test.ts now checks the process builds it.)
    const model = dispatchModel(db.knex);
    model.start(250, (err) => log.warn({ err: err.message }, 'dispatch model refresh failed; previews use the SQL meanwhile'));
    model.refresh().then(() => log.info({ dispatch_model_ms: Math.round(model.buildMs) }, 'dispatch model ready'), () => {});
    console.log(`\n  浉河区诉源治理网格地图  http://${host}:${port}/   (database: ${db.kind}, ready in ${(ready_ms / 1000).toFixed(1)} s)\n`);
  });
  // A request must arrive whole within these limits (a slow or stalled upload is cut off with 408),
  // so a client cannot hold a connection and its buffers forever.
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    warmer?.stop();
    jobs?.stop();
    dispatchModel(db.knex).stop();
    server.close();
    server.closeAllConnections();
    // The embedded database writes its folder on close: wait for it.
    db.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  log.fatal({ err: (err as Error).message }, 'start failed');
  console.error(`\n启动失败 / start failed: ${(err as Error).message}\n`);
  process.exit(1);
}
