// The tests drive the built bundles (what /console and /demo actually serve): build both first, in about a second.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  for (const pkg of ['../../widget', '..']) {
    execFileSync(process.execPath, ['build.mjs'], {
      cwd: fileURLToPath(new URL(pkg, import.meta.url)),
      stdio: 'inherit',
    });
  }
}
