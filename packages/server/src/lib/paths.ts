// Where the server's files are on disk (migrations, the UI bundles it serves), found from the server package's own
// directory: the same answer whether this code runs from src/ (tsx, tests) or bundled into dist/main.js.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@support-chat/server') return dir;
    if (path.dirname(dir) === dir) throw new Error(`@support-chat/server's package.json not found above ${from}`);
  }
}

export const serverDir = packageDir(path.dirname(fileURLToPath(import.meta.url)));
/** The repository (or install) root the server's package sits in: packages/server → ../.. */
export const repoDir = path.resolve(serverDir, '../..');
