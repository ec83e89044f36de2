#!/usr/bin/env node
// `npm start`: install what is missing, then run the server (migrations apply at start-up).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled();

// The compiled server (packages/server/dist/main.js): ensureInstalled() has just rebuilt every package, the server too,
// so what runs is never older than the sources. tsx stays a development tool (`npm run dev -w @support-chat/server`).
const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'packages/server/dist/main.js')], {
  stdio: 'inherit',
  // DATA_DIR defaults to ./data relative to where `npm start` ran: the repository root.
  env: { ...process.env, DATA_DIR: process.env.DATA_DIR || path.join(root, 'data') },
});
// Signals reach the server, which closes gracefully; this wrapper exits with its code.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
