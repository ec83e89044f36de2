#!/usr/bin/env node
// Runs the pinned pnpm (12.4.2) on a machine that may have only Node and npm: a matching global pnpm
// if there is one, else `npx pnpm@12.4.2` (fetched once into npm's cache). No packageManager field
// is used on purpose: it breaks frozen installs with this pnpm (see shared TOOLCHAIN.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PNPM_VERSION = '12.4.2';

function globalPnpmMatches() {
  const r = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return r.status === 0 && r.stdout.trim() === PNPM_VERSION;
}

export function pnpm(args, opts = {}) {
  const [cmd, argv] = globalPnpmMatches() ? ['pnpm', args] : ['npx', ['--yes', `pnpm@${PNPM_VERSION}`, ...args]];
  const r = spawnSync(cmd, argv, { stdio: 'inherit', shell: process.platform === 'win32', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** Installs what is missing (a no-op in about half a second when everything is there) and builds the bundles. */
export function ensureInstalled() {
  const status = pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
  if (status !== 0) {
    console.error('support-chat: dependency install failed (see above)');
    process.exit(status);
  }
  // The server serves the widget's bundles; esbuild builds them in well under a second.
  const build = pnpm(['-r', '--if-present', '--reporter=silent', 'build']);
  if (build !== 0) {
    console.error('support-chat: build failed (see above)');
    process.exit(build);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(pnpm(process.argv.slice(2)));
}
