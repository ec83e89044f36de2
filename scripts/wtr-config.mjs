// The web-test-runner setup every UI package shares: its test-browser/ files, bundled by esbuild with the
// package's tsconfig, in Debian Chromium (flags measured in shared TOOLCHAIN.md). The summary also goes to
// <package>/.wtr-summary.json so `npm test` can add these counts to its closing line.
// The runner's own modules are passed in: they live in each package's node_modules, not the root's.
import { writeFileSync } from 'node:fs';

function summaryReporter(file) {
  const count = (suite, acc) => {
    for (const t of suite?.tests ?? []) {
      if (t.skipped) acc.skipped++;
      else if (t.passed) acc.passed++;
      else acc.failed++;
    }
    for (const s of suite?.suites ?? []) count(s, acc);
    return acc;
  };
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        count(s.testResults, acc);
        if (!s.passed && !s.testResults) acc.failed++;
      }
      writeFileSync(file, JSON.stringify(acc));
    },
  };
}

/** `packageUrl`: the package directory as a file URL ending in '/'. */
export function wtrConfig(packageUrl, { chromeLauncher, esbuildPlugin, defaultReporter }) {
  return {
    files: 'test-browser/**/*.test.ts',
    nodeResolve: true,
    concurrency: 1,
    plugins: [esbuildPlugin({ ts: true, target: 'es2020', tsconfig: new URL('./tsconfig.json', packageUrl).pathname })],
    reporters: [defaultReporter(), summaryReporter(new URL('./.wtr-summary.json', packageUrl))],
    browsers: [
      chromeLauncher({
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          headless: true,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      }),
    ],
    testFramework: { config: { timeout: 5000 } },
  };
}
