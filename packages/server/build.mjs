// The production server: src/main.ts and the workspace code it uses (protocol) compiled into one ESM file,
// dist/main.js, that plain `node` runs. Dependencies stay external (node_modules), so PGlite's WebAssembly, the
// native-free drivers and Fastify's plugins load exactly as they do in development.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
// `node build.mjs dist/other.js` builds elsewhere under the package (tests build their own copy in parallel).
const outfile = process.argv[2] ?? 'dist/main.js';
const options = {
  absWorkingDir: here,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  plugins: [
    {
      name: 'dependencies-stay-external',
      setup(b) {
        // Our own packages are compiled in (they ship TypeScript); everything else is imported at run time.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@support-chat/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
};
await Promise.all([
  build({ ...options, entryPoints: ['src/main.ts'], outfile }),
  // The history generator (demos, screenshots, the analytics benchmark) beside the server, same dependencies.
  // dist/history.js (or beside a build made elsewhere: <name>-history.js).
  build({
    ...options,
    entryPoints: ['src/tools/history-cli.ts'],
    outfile: outfile.replace(/(main)?\.js$/, (_m, main) => (main ? 'history.js' : '-history.js')),
  }),
]);
chmodSync(`${here}${outfile}`, 0o755);
