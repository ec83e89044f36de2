#!/usr/bin/env node
// `npm run bench`: install what is missing, then run the benchmarks (see packages/bench). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled();
const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...process.argv.slice(2)], {
  cwd: path.join(root, 'packages/bench'),
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
