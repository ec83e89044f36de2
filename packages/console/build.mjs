// One bundle for the console page (Lit, the SDK and every console element), built by esbuild.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// The package's modules (dist/lib, from tsc after this) start clean: no file of a renamed module is shipped.
rmSync(new URL('dist/lib', import.meta.url), { recursive: true, force: true });
// tsconfig sets useDefineForClassFields: false, or class fields would shadow Lit's reactive accessors.
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
  build({ ...common, entryPoints: ['src/page.ts'], outfile: 'dist/console.js' }),
  // Team setup, loaded by <agent-console> only when an admin opens it.
  build({ ...common, entryPoints: ['src/agent-management.ts'], outfile: 'dist/admin.js' }),
  // Tickets and Conversations: loaded the first time either opens.
  build({ ...common, entryPoints: ['src/work.ts'], outfile: 'dist/work.js' }),
  // The German catalogue: fetched before the first render when an agent chose German.
  build({ ...common, entryPoints: ['src/de.ts'], outfile: 'dist/de.js' }),
  // Reports, with Chart.js: loaded the first time someone opens Reports, so the inbox never pays for the charts.
  build({ ...common, entryPoints: ['src/support-analytics.ts'], outfile: 'dist/analytics.js' }),
]);
