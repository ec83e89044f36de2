// `strict` TypeScript over every package is part of the suite, so a type error fails CI like a test.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

it.each(['protocol', 'server', 'sdk', 'widget', 'console', 'ui', 'react'])(
  'packages/%s typechecks',
  (pkg) => {
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', `packages/${pkg}/tsconfig.json`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  },
  120_000,
);
