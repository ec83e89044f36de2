// The published packages as a stranger gets them: protocol, SDK, UI pieces, widget, console and React wrappers built,
// packed with pnpm (workspace ranges become versions), installed with npm into a project outside the workspace, then
// (a) a visitor session from plain `node` against a running server, (b) a TypeScript consumer type-checked against
// the published .d.ts files, (c) the widget bundled from its package with esbuild and (d) a React app bundled from
// the React package, console included.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestApp, listen, type TestApp } from '@support-chat/server/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pnpm = path.join(root, 'scripts/pnpm.mjs');
let t: TestApp;
let base: string;
let project: string;

const sh = (cmd: string, args: string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  expect(r.status, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  t = await createTestApp();
  base = `http://${await listen(t.app)}`;
  project = mkdtempSync(path.join(os.tmpdir(), 'sc-consumer-'));
  const tarballs = path.join(project, 'tarballs');
  for (const pkg of ['protocol', 'sdk', 'ui', 'widget', 'console', 'react']) {
    const dir = path.join(root, 'packages', pkg);
    sh(process.execPath, [pnpm, 'run', 'build'], dir);
    sh(process.execPath, [pnpm, 'pack', '--pack-destination', tarballs], dir);
  }
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const files = readdirSync(tarballs).map((f) => path.join(tarballs, f));
  const react = ['react@19.3.1', 'react-dom@19.3.1'];
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files, 'ws@8', ...react], project);
}, 240_000);
afterAll(async () => {
  await t?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

it('packs with versions instead of workspace ranges, and only the built files', () => {
  const sdk = JSON.parse(readFileSync(path.join(project, 'node_modules/@support-chat/sdk/package.json'), 'utf8'));
  expect(sdk.dependencies['@support-chat/protocol']).toBe('0.1.0');
  expect(sdk.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
  const shipped = readdirSync(path.join(project, 'node_modules/@support-chat/sdk'));
  expect(shipped.sort()).toEqual(['README.md', 'dist', 'package.json']);
});

it('runs a visitor session from plain node (ESM), no TypeScript anywhere', async () => {
  writeFileSync(
    path.join(project, 'visitor.mjs'),
    `import { createNodeClient } from '@support-chat/sdk/node';
const client = createNodeClient({ baseUrl: process.argv[2] });
const { conversation } = await client.startConversation({ customerName: 'Packed Pat', subject: 'From a tarball' });
const live = client.connect({ conversationId: conversation.id });
await live.ready();
const sent = await live.send('Hello from an installed SDK');
const page = await client.listMessages(conversation.id);
live.close();
console.log(JSON.stringify({ name: conversation.customerName, seq: sent.seq, contents: page.messages.map((m) => m.content) }));
`,
  );
  // Asynchronously: the server under test runs in this process, and a blocking spawn would stall it.
  const { stdout: out } = await promisify(execFile)(process.execPath, ['visitor.mjs', base], {
    cwd: project,
    timeout: 30_000,
  });
  expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
    name: 'Packed Pat',
    seq: 1,
    contents: ['Hello from an installed SDK'],
  });
}, 60_000);

it('type-checks a TypeScript consumer against the published .d.ts', () => {
  writeFileSync(
    path.join(project, 'consumer.ts'),
    `import { SupportChatClient, type Ticket } from '@support-chat/sdk';
import { StartChatBody } from '@support-chat/protocol';
const client = new SupportChatClient({ baseUrl: 'http://localhost:3000' });
const body = StartChatBody.parse({ customerName: 'Typed Tess' });
export async function firstTicket(): Promise<Ticket | undefined> {
  await client.startConversation(body);
  const page = await client.listTickets({ assignedAgentId: 'none', sort: 'slaDueAt' });
  return page.tickets[0];
}
// @ts-expect-error the published types know the seed's names only
client.listTickets({ assigneeId: 'none' });
`,
  );
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      files: ['consumer.ts'],
    }),
  );
  sh(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
}, 60_000);

it('bundles the widget from its package with esbuild, and the element defines itself', async () => {
  const { build } = await import('esbuild');
  writeFileSync(path.join(project, 'page.js'), "import '@support-chat/widget';\n");
  const out = await build({
    entryPoints: [path.join(project, 'page.js')],
    bundle: true,
    write: false,
    format: 'esm',
    absWorkingDir: project,
    logLevel: 'silent',
    metafile: true,
  });
  expect(out.outputFiles[0]!.text).toContain('customElements.define("support-chat"');
  // The element, the SDK, the protocol's constants and the shared emoji pieces all came from the installed tarballs.
  expect(Object.keys(out.metafile.inputs)).toEqual(
    expect.arrayContaining([
      'node_modules/@support-chat/widget/dist/lib/support-chat/support-chat.js',
      'node_modules/@support-chat/sdk/dist/index.js',
      'node_modules/@support-chat/ui/dist/emoji.js',
      'node_modules/lit/index.js',
    ]),
  );
}, 60_000);

it("bundles a React app from the React package: the seed's components over the installed elements", async () => {
  const { build } = await import('esbuild');
  writeFileSync(
    path.join(project, 'app.jsx'),
    `import { createRoot } from 'react-dom/client';
import ChatWidget from '@support-chat/react/ChatWidget';
import { AgentDashboard, CannedResponses } from '@support-chat/react';
createRoot(document.body).render(<>
  <ChatWidget customerId="customer-123" customerName="John Doe" />
  <AgentDashboard agentId="agent-456" agentName="Jane Smith" />
  <CannedResponses onSelect={(r) => console.log(r.content)} />
</>);
`,
  );
  const out = await build({
    entryPoints: [path.join(project, 'app.jsx')],
    bundle: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    absWorkingDir: project,
    logLevel: 'silent',
    metafile: true,
  });
  const text = out.outputFiles[0]!.text;
  for (const tag of ['support-chat', 'agent-console', 'canned-responses'])
    expect(text).toContain(`customElements.define("${tag}"`);
  expect(Object.keys(out.metafile.inputs)).toEqual(
    expect.arrayContaining([
      'node_modules/@support-chat/react/dist/chat-widget.js',
      'node_modules/@support-chat/console/dist/lib/agent-console.js',
      'node_modules/@support-chat/console/dist/lib/inbox-store.js',
      'node_modules/@support-chat/widget/dist/lib/support-chat/support-chat.component.js',
    ]),
  );
  // The console and React packages ship built files and their types only.
  for (const pkg of ['console', 'react']) {
    const dir = path.join(project, 'node_modules/@support-chat', pkg);
    expect(readdirSync(dir).sort(), pkg).toEqual(['README.md', 'dist', 'package.json']);
  }
  expect(readdirSync(path.join(project, 'node_modules/@support-chat/react/dist'))).toContain('index.d.ts');
}, 60_000);
