#!/usr/bin/env node
// `npm test`: install what is missing, make sure Chromium is there for the browser tests, run every
// test of every package in one vitest run, and end with the line CI reads: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled();
ensureChromium();

// Lint and format (Biome) first: one line of output when clean, every finding otherwise; a finding fails the run.
const lint = spawnSync(path.join(root, 'node_modules/.bin/biome'), ['check', '.'], { cwd: root, stdio: 'inherit' });

const report = path.join(root, '.vitest.json');
rmSync(report, { force: true });
const vitest = path.join(root, 'node_modules/.bin/vitest');
const run = spawnSync(
  vitest,
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

const total = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  // Files that failed to load count as failures too, so a broken suite can never look green.
  total.failed += r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  total.passed += r.numPassedTests;
  total.skipped += r.numPendingTests + r.numTodoTests;
} else {
  total.failed += 1;
}
// Vitest can fail the run with every test green (an unhandled error, say): the closing line must not look green then.
if (run.status && total.failed === 0) {
  console.error('support-chat: vitest failed outside any test (see "Unhandled Errors" above)');
  total.failed += 1;
}

// Component tests of the UI packages in Chromium (web-test-runner), added to the same count.
let wtrStatus = 0;
for (const pkg of ['widget', 'console']) {
  const dir = path.join(root, 'packages', pkg);
  const summary = path.join(dir, '.wtr-summary.json');
  if (!existsSync('/usr/bin/chromium')) {
    console.warn(`support-chat: no /usr/bin/chromium, the ${pkg} component tests are skipped`);
    total.skipped += 1;
    continue;
  }
  rmSync(summary, { force: true });
  const wtr = spawnSync(
    path.join(dir, 'node_modules/.bin/web-test-runner'),
    ['--config', 'web-test-runner.config.mjs'],
    {
      cwd: dir,
      stdio: 'inherit',
    },
  );
  wtrStatus ||= wtr.status ?? 1;
  if (existsSync(summary)) {
    const w = JSON.parse(readFileSync(summary, 'utf8'));
    total.passed += w.passed;
    total.failed += w.failed;
    total.skipped += w.skipped;
  } else {
    total.failed += 1;
  }
}

if (lint.status !== 0) {
  console.error(
    'support-chat: lint failed (`npm run lint` shows it; `npx biome check --write .` fixes the formatting)',
  );
  total.failed += 1;
}
console.log(
  `tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(run.status || wtrStatus || lint.status || (total.failed > 0 ? 1 : 0));

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser). When it is missing and we are root,
 * install it with apt; otherwise the browser tests report themselves skipped.
 */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.SKIP_BROWSER_INSTALL) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.warn(
      'support-chat: /usr/bin/chromium is missing and cannot be installed here; browser tests will be skipped',
    );
    return;
  }
  console.log('support-chat: installing Debian chromium for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
