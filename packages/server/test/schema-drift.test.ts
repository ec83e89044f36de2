// The committed migrations must match the Drizzle schema: drizzle-kit, run against them, finds nothing to do.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('drizzle-kit generate produces no new migration from the schema', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sc-drift-'));
  try {
    cpSync(path.join(serverDir, 'drizzle'), tmp, { recursive: true });
    const before = readdirSync(tmp).filter((f) => f.endsWith('.sql'));
    const r = spawnSync(
      path.join(serverDir, 'node_modules/.bin/drizzle-kit'),
      [
        'generate',
        '--dialect=postgresql',
        '--schema=./src/db/schema/index.ts',
        `--out=${path.relative(serverDir, tmp)}`,
      ],
      { cwd: serverDir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const after = readdirSync(tmp).filter((f) => f.endsWith('.sql'));
    expect(after, `schema drifted from migrations; run \`npm run db:generate\`\n${r.stdout}`).toEqual(before);
    expect(r.stdout + r.stderr).toMatch(/No schema changes/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);
