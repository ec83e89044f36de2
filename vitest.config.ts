// One vitest run for the whole repository. The server suite runs on PGlite always, and a second time
// on real PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
import { defineConfig } from 'vitest/config';

const serverProject = (name: string, driver: 'pglite' | 'postgres') => ({
  test: {
    name,
    root: './packages/server',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Suites that touch no database run once, in the PGlite project.
    exclude:
      driver === 'postgres'
        ? [
            'test/schema-drift.test.ts',
            'test/bus.test.ts',
            'test/bus-contract.test.ts',
            'test/typecheck.test.ts',
            'test/routing-policy.test.ts',
            'test/business-hours.test.ts',
          ]
        : [],
    globalSetup: ['./test/global-setup.ts'],
    env: { TEST_DB_DRIVER: driver },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', root: './packages/protocol', include: ['test/**/*.test.ts'] } },
      // The seed's React components over the web components, bundled and rendered in Chromium.
      {
        test: {
          name: 'react',
          root: './packages/react',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The dependency rules between packages and server folders (scripts/layers.mjs).
      { test: { name: 'layers', root: './scripts', include: ['*.test.mjs'] } },
      {
        // The SDK is tested against the real server (on PGlite), reusing the server suite's database setup.
        test: {
          name: 'sdk',
          root: './packages/sdk',
          include: ['test/**/*.test.ts'],
          globalSetup: ['../server/test/global-setup.ts'],
          env: { TEST_DB_DRIVER: 'pglite' },
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The widget's bundles and an end-to-end run in Debian Chromium against the real server.
        test: {
          name: 'widget',
          root: './packages/widget',
          include: ['test/**/*.test.ts'],
          globalSetup: ['./test/build-setup.ts', '../server/test/global-setup.ts'],
          env: { TEST_DB_DRIVER: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The agent console: its bundle and end-to-end runs (customer on /demo, agent on /console) in Chromium.
        test: {
          name: 'console',
          root: './packages/console',
          include: ['test/**/*.test.ts'],
          globalSetup: ['./test/build-setup.ts', '../server/test/global-setup.ts'],
          env: { TEST_DB_DRIVER: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      serverProject('server:pglite', 'pglite'),
      ...(process.env.TEST_DATABASE_URL ? [serverProject('server:postgres', 'postgres')] : []),
    ],
  },
});
