import { defineConfig } from 'vitest/config';

// The browser tests: the built app served by the real server, in headless Debian Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['client/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
