// Component tests of <support-chat> in Debian Chromium (config measured in shared TOOLCHAIN.md). The summary is also
// written to .wtr-summary.json so `npm test` can add these counts to its closing line.
import { writeFileSync } from 'node:fs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';

function summaryReporter() {
  const count = (suite, acc) => {
    for (const t of suite?.tests ?? []) { if (t.skipped) acc.skipped++; else if (t.passed) acc.passed++; else acc.failed++; }
    for (const s of suite?.suites ?? []) count(s, acc);
    return acc;
  };
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) { count(s.testResults, acc); if (!s.passed && !s.testResults) acc.failed++; }
      writeFileSync(new URL('./.wtr-summary.json', import.meta.url), JSON.stringify(acc));
    },
  };
}

export default {
  files: 'test-browser/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2020', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname })],
  reporters: [defaultReporter(), summaryReporter()],
  browsers: [chromeLauncher({ launchOptions: {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  } })],
  testFramework: { config: { timeout: 5000 } },
};
