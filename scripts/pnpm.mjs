#!/usr/bin/env node
// Runs the pinned pnpm (12.4.2) on a machine that may have only Node and npm: a matching global pnpm
// if there is one, else `npx pnpm@12.4.2` (fetched once into npm's cache). No packageManager field
// is used on purpose: it breaks frozen installs with this pnpm (see shared TOOLCHAIN.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * Installs what is missing and builds the bundles — each only when what it depends on changed: the install when the
 * lockfile or a manifest did (or node_modules is gone), the build when a source did. A warm `npm start` runs neither
 * (pnpm itself, fetched through npx, costs about two seconds even when it has nothing to do).
 */
export function ensureInstalled() {
  const installStamp = path.join(root, 'node_modules/.support-chat-install');
  const manifests = installInputs();
  const installed =
    existsSync(path.join(root, 'node_modules/.modules.yaml')) &&
    existsSync(installStamp) &&
    readFileSync(installStamp, 'utf8') === manifests;
  if (!installed) {
    const status = pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
    if (status !== 0) {
      console.error('support-chat: dependency install failed (see above)');
      process.exit(status);
    }
    writeFileSync(installStamp, manifests);
  }
  // Every package's build (the server, the bundles it serves, the packages' dist/): skipped when no source changed
  // since the last one, so a second `npm start` does not spend seconds rebuilding what is there.
  const stamp = path.join(root, 'node_modules/.support-chat-build');
  const sources = newestSource();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sources && builtOutputsExist()) return;
  const build = pnpm(['-r', '--if-present', '--reporter=silent', 'build']);
  if (build !== 0) {
    console.error('support-chat: build failed (see above)');
    process.exit(build);
  }
  writeFileSync(stamp, sources);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time (and count) of everything a build reads: sources, build scripts, manifests. */
function newestSource() {
  let newest = 0;
  let count = 0;
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.name === 'node_modules' || d.name === 'dist' || d.name.startsWith('.')) continue;
      const p = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (['test', 'test-browser', 'drizzle'].includes(d.name)) continue;
        walk(p);
      } else {
        newest = Math.max(newest, statSync(p).mtimeMs);
        count++;
      }
    }
  };
  walk(path.join(root, 'packages'));
  return `${newest}:${count}`;
}

/** A digest of what an install reads: the lockfile, the workspace file and every package.json. */
function installInputs() {
  const files = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'];
  for (const d of readdirSync(path.join(root, 'packages'), { withFileTypes: true }))
    if (d.isDirectory() && existsSync(path.join(root, 'packages', d.name, 'package.json')))
      files.push(path.join('packages', d.name, 'package.json'));
  const hash = createHash('sha256');
  for (const f of files.sort())
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  return hash.digest('hex');
}

function builtOutputsExist() {
  return [
    'packages/server/dist/main.js',
    'packages/widget/dist/support-chat.js',
    'packages/console/dist/console.js',
  ].every((f) => existsSync(path.join(root, f)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(pnpm(process.argv.slice(2)));
}
