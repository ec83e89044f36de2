// The compiled server (what `npm start` runs), built into its own file and started as a child process on a free
// port: for tests that kill it, restart it, or drive it from a browser. One copy of the build-spawn-wait dance.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CompiledServer {
  /** The entry file (dist/<name>.js); the history generator beside it is `<name>-history.js`. */
  file: string;
  /** Starts it with this environment (on top of one without DATABASE_URL, REDIS_URL, PUBLIC_URL, ALLOWED_ORIGINS or
   * ADMIN_*: a fresh embedded database, unless `env` says otherwise); resolves with its URL once it listens. */
  start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }>;
  /** Stops a child (SIGTERM waits for its shutdown; SIGKILL is a crash). */
  stop(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;
  /** Deletes the built files. */
  remove(): void;
}

/** Builds the server into dist/<name>-<pid>.js (throws with esbuild's message when it cannot). */
export function buildCompiledServer(name: string): CompiledServer {
  const file = path.join(serverDir, `dist/${name}-${process.pid}.js`);
  const b = spawnSync(process.execPath, ['build.mjs', path.relative(serverDir, file)], {
    cwd: serverDir,
    encoding: 'utf8',
  });
  if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  return {
    file,
    start(env) {
      const clean: NodeJS.ProcessEnv = { ...process.env };
      for (const k of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'ALLOWED_ORIGINS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'])
        delete clean[k];
      const child = spawn(process.execPath, [file], {
        cwd: serverDir,
        env: { ...clean, PORT: '0', HOST: '127.0.0.1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return new Promise((resolve, reject) => {
        let out = '';
        const seen = (d: Buffer) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve({ child, base: m[1]! });
        };
        child.stdout!.on('data', seen);
        child.stderr!.on('data', seen);
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
      });
    },
    stop(child, signal = 'SIGTERM') {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((r) => {
        child.removeAllListeners('exit');
        child.once('exit', () => r());
        child.kill(signal);
      });
    },
    remove() {
      for (const f of [file, file.replace(/\.js$/, '-history.js')]) {
        rmSync(f, { force: true });
        rmSync(`${f}.map`, { force: true });
      }
    },
  };
}
