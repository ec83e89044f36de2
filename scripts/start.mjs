#!/usr/bin/env node
// `npm start`: install what is missing, then run the server (migrations apply at start-up).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureInstalled } from './pnpm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled();

// The compiled server (packages/server/dist/main.js): ensureInstalled() has just rebuilt every package, the server too,
// so what runs is never older than the sources. tsx stays a development tool (`npm run dev -w @support-chat/server`).
// It runs in this process rather than a child: one Node start-up less (~0.1 s and ~45 MB), and signals reach the
// server's own handlers, which close it gracefully.
// DATA_DIR defaults to ./data relative to where `npm start` ran: the repository root.
process.env.DATA_DIR ||= path.join(root, 'data');
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(root, 'packages/server/dist/main.js')).href);
