// Start-up time to the first 200 on /healthz and resident memory, for docs/benchmarks.md ("Server start-up").
// node scripts/measure-startup.mjs tsx|dist|npm PORT [--warm] [--runs=N]
// - tsx / dist: the server alone (src through tsx, or the compiled bundle); npm: `npm start`, as a user runs it.
// - without --warm each run starts on an empty PGlite data directory (creating the database and every migration);
//   with --warm one unmeasured start creates it and the runs reopen it, as every start after the first does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [mode, port] = process.argv.slice(2);
const warm = process.argv.includes('--warm');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 1);
const root = new URL('..', import.meta.url).pathname;
const server = path.join(root, 'packages/server');
const [cmd, args, cwd] =
  mode === 'tsx'
    ? [path.join(server, 'node_modules/.bin/tsx'), ['src/main.ts'], server]
    : mode === 'npm'
      ? ['npm', ['start', '--silent'], root]
      : [process.execPath, ['dist/main.js'], server];

function treeRss(pid) {
  let kb = 0;
  const visit = (p) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]);
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
        visit(Number(c));
    } catch {}
  };
  visit(pid);
  return kb / 1024;
}

async function start(dir) {
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, DATA_DIR: dir, PORT: port, LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'admin-password-1' },
    stdio: 'ignore',
    detached: true,
  });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  // The whole process tree (npm and tsx run the server in a child process).
  const rssMB = treeRss(child.pid);
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  await new Promise((r) => setTimeout(r, 300));
  return { ms, rssMB };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sc-start-'));
if (warm) await start(dir);
for (let i = 0; i < runs; i++) {
  const r = await start(warm ? dir : mkdtempSync(path.join(os.tmpdir(), 'sc-start-')));
  console.log(JSON.stringify({ mode, warm, startMs: Math.round(r.ms), rssMB: Math.round(r.rssMB) }));
}
