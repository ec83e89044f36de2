// The real CLI as a user runs it, compiled (dist/main.js under plain node, no tsx): bad config stops it with the
// variable's name; SIGTERM closes it cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createTestDatabase, driver, type TestDatabase } from './helpers.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Each run builds its own copy (the PGlite and PostgreSQL projects run this file at the same time).
const compiled = path.join(serverDir, `dist/test-${process.pid}-${driver}.js`);

beforeAll(() => {
  // What `npm start` runs: built fresh from the sources under test.
  const b = spawnSync(process.execPath, ['build.mjs', path.relative(serverDir, compiled)], {
    cwd: serverDir,
    encoding: 'utf8',
  });
  expect(b.status, b.stderr).toBe(0);
  expect(readFileSync(compiled, 'utf8')).not.toMatch(/from ['"]tsx/);
});
afterAll(() => {
  rmSync(compiled, { force: true });
  rmSync(`${compiled}.map`, { force: true });
  for (const f of [compiled.replace(/\.js$/, '-history.js'), compiled.replace(/\.js$/, '-history.js.map')])
    rmSync(f, { force: true });
});

function run(env: Record<string, string>, onOutput?: (all: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, ['--enable-source-maps', compiled], {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
    onOutput?.(out, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  );
}

describe('configuration', () => {
  it('defaults need nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      logLevel: 'info',
      slaHours: { urgent: 1, high: 4, medium: 24, low: 72 },
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('a bad value names the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ SLA_HOURS_URGENT: '-1' }, 'SLA_HOURS_URGENT'],
      [{ ALLOWED_ORIGINS: 'https://a.example/path' }, 'ALLOWED_ORIGINS'],
      [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
      [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    ];
    for (const [env, variable] of cases) {
      try {
        loadConfig(env);
        expect.unreachable(`${variable} should fail`);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).problems[0]!.variable).toBe(variable);
        expect((err as Error).message).toContain(variable);
      }
    }
  });

  it('the CLI exits 1 with a message naming the variable', async () => {
    const { code, out } = await run({ PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(out).toMatch(/PORT: must be a whole number/);
    expect(out).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the server process', () => {
  let dataDir: string | undefined;
  let db: TestDatabase | undefined;
  afterAll(async () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('starts, prints how to log in, serves requests, and exits 0 on SIGTERM', async () => {
    const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    if (driver === 'postgres') {
      db = await createTestDatabase();
      await db.handle.close();
      env.DATABASE_URL = db.url!;
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-proc-'));
    env.DATA_DIR = dataDir;
    let port = 0;
    let health: number | undefined;
    let loginStatus: number | undefined;
    let signalled = false;
    const { code, out } = await run(env, (all, child) => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(all);
      if (m && !signalled) {
        signalled = true;
        port = Number(m[1]);
        fetch(`http://127.0.0.1:${port}/readyz`)
          .then((r) => {
            health = r.status;
          })
          .then(() =>
            fetch(`http://127.0.0.1:${port}/api/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                email: 'admin@example.com',
                password: readFileSync(path.join(dataDir!, 'initial-admin-password'), 'utf8').trim(),
              }),
            }),
          )
          .then((r) => {
            loginStatus = r.status;
          })
          .finally(() => child.kill('SIGTERM'));
      }
    });
    expect(port).toBeGreaterThan(0);
    expect(health).toBe(200);
    expect(loginStatus).toBe(200);
    expect(code).toBe(0);
    expect(out).toContain('first admin created: admin@example.com');
    expect(out).toContain('server closed');
    // stdout is not a terminal here (a log shipper's view): the generated password is in an owner-only file, not in the output.
    const file = path.join(dataDir!, 'initial-admin-password');
    expect(out).toContain(`password: in ${path.resolve(file)} (readable only by you`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(out).not.toContain(password);
  }, 60_000);
});
