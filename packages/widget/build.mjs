// Two bundles: the loader every page loads (command queue + launcher, no Lit), and the full widget it fetches
// on first open or when the page is idle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// The package's modules (dist/lib, from tsc after this) start clean: no file of a renamed module is shipped.
rmSync(new URL('dist/lib', import.meta.url), { recursive: true, force: true });
// tsconfig sets useDefineForClassFields: false; with define semantics, class fields would shadow Lit's reactive
// accessors and the element would render once and never update (shared TOOLCHAIN.md, gotcha 9).
const common = {
  tsconfig: 'tsconfig.json',
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'none',
  absWorkingDir: here,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: ['src/loader.ts'], outfile: 'dist/widget.js' }),
  build({ ...common, entryPoints: ['src/support-chat/support-chat.ts'], outfile: 'dist/support-chat.js' }),
  build({ ...common, entryPoints: ['../ui/src/emoji-picker.ts'], outfile: 'dist/emoji-picker.js' }),
]);
