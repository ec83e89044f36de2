// Start-up time to the first 200 on /healthz and resident memory, for docs/benchmarks.md ("Server start-up").
// node scripts/measure-startup.mjs tsx|dist PORT — on an empty PGlite data directory each time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const [mode, port] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sc-start-'));
const server = new URL('../packages/server', import.meta.url).pathname;
const [cmd, args] =
  mode === 'tsx' ? [path.join(server, 'node_modules/.bin/tsx'), ['src/main.ts']] : [process.execPath, ['dist/main.js']];
const t0 = performance.now();
const child = spawn(cmd, args, {
  cwd: server,
  env: { ...process.env, DATA_DIR: dir, PORT: port, LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'admin-password-1' },
  stdio: 'ignore',
});
for (;;) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 20));
}
const t = performance.now() - t0;
await new Promise((r) => setTimeout(r, 500));
// RSS of the server process (tsx runs the server in a child node process: sum the tree).
const pids = [
  child.pid,
  ...readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number),
];
let rss = 0;
for (const p of pids) {
  try {
    rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]);
  } catch {}
}
console.log(JSON.stringify({ mode, startMs: Math.round(t), rssMB: Math.round(rss / 1024) }));
child.kill('SIGTERM');
