// The process: settings, logger, database, HTTP server, clean shutdown.
// `npm run serve` starts it with --max-semi-space-size=64: a larger young generation means fewer
// scavenges, each a 2–3 ms pause of every request in flight (the embedded preview's p99 fell 10–15 %).
import pino from 'pino';
import { loadConfig, loadEnvFile, redactedConfig } from './config.ts';
import { startDatabase } from './start.ts';

const t0 = performance.now();
loadEnvFile();
const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL });
log.debug({ config: redactedConfig(config) }, 'settings');

try {
  // How long a start waits for a PostgreSQL server that is down (it retries, logging each attempt).
  // The HTTP app's modules (routes, services, contracts: a second of module loading) are imported
  // while the database opens: opening waits for WebAssembly compiling off the main thread, when
  // the main thread is otherwise idle. Nothing of the app runs before the database is ready.
  const [{ db, timings }, { createApp, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS }, { startCoverageWarmer }] = await Promise.all([
    startDatabase(config, log, { waitForDatabaseMs: config.DATABASE_WAIT_SECONDS * 1000 }),
    import('./app.ts'),
    import('./services/coverage/warm.ts'),
  ]);
  const { app } = createApp({ db, config, log });
  let warmer: ReturnType<typeof startCoverageWarmer> | undefined;
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    // performance.now() counts from the process start: modules_ms is the module loading before the
    // first line of this file ran, ready_ms the whole start as the user feels it; cpu_ms the CPU time
    // it took (all threads), about what the start takes on a quiet machine.
    const ready_ms = Math.round(performance.now());
    const cpu = process.cpuUsage();
    const cpu_ms = Math.round((cpu.user + cpu.system) / 1000);
    log.info({ database: db.kind, modules_ms: Math.round(t0), ...timings, ready_ms, cpu_ms }, 'ready');
    if (config.COVERAGE_WARM_SECONDS > 0) warmer = startCoverageWarmer(db.knex, log, config.COVERAGE_WARM_SECONDS * 1000);
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
