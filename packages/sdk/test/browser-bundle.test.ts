// The browser build carries no runtime dependency: protocol is imported for types only, so zod never ships.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles for the browser without zod or ws, and stays small', async () => {
  const out = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile!.inputs);
  expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
  // The SDK's own code and protocol's zod-free constants, nothing else.
  expect(inputs.filter((f) => !f.includes('packages/sdk/src/')).sort()).toEqual([
    'packages/protocol/src/constants.ts',
    'packages/protocol/src/errors.ts',
  ]);
  const code = out.outputFiles[0]!.contents;
  const gz = gzipSync(code, { level: 9 }).length;
  expect(Buffer.from(code).toString()).not.toMatch(/ZodError|\$ZodType/);
  // The widget's budget is ~10 KB gzip for everything it loads up front; the SDK must leave most of it. (6.5 KB since
  // the integrations' admin calls — webhooks, deliveries, CRM context — joined: 6.24 KB measured then; 6.75 KB since
  // merging conversations and tickets joined: 6.51 KB measured then.)
  expect(gz).toBeLessThan(6.75 * 1024);
});
