import { defineConfig } from 'vitest/config';

// The browser tests: the built app served by the real server, in headless Debian Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['client/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Time-outs only catch a hang (a busy machine starts the server and draws the map slowly).
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
