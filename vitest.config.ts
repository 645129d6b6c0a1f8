import { configDefaults, defineConfig } from 'vitest/config';

// Three projects, one per workspace. Server tests share one database started in globalSetup,
// so they run one file at a time (the embedded database has a single connection).
// A fourth, `province`, exists only when PROVINCE_URL names a built province (server/bench/
// province-data.ts): the province-scale checks (server/test/*-province.test.ts) run on it, never in
// `npm test`; asked for without PROVINCE_URL (`--project province`), vitest fails: no such project.
const PROVINCE_TESTS = 'server/test/**/*-province.test.ts';
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'data',
          include: ['data/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, PROVINCE_TESTS],
          environment: 'node',
          globalSetup: ['server/test/global-setup.ts'],
          setupFiles: ['server/test/isolation.ts'],
          fileParallelism: false,
          // Time-outs only catch a hang: generous, so a machine loaded ten times over (a second run
          // beside this one) still passes. No test measures time against them.
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'client',
          include: ['client/test/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      ...(process.env.PROVINCE_URL
        ? [{ test: { name: 'province', include: [PROVINCE_TESTS], environment: 'node' as const, fileParallelism: false, testTimeout: 1_800_000, hookTimeout: 600_000 } }]
        : []),
    ],
  },
});
