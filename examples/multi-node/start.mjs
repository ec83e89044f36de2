#!/usr/bin/env node
// Starts two support-chat nodes (ports 3001 and 3002) on one PostgreSQL and one Redis. With --demo, a visitor
// on node A and an agent on node B exchange a message, then both nodes stop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = path.resolve(here, '../../packages/server');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'admin@example.com',
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'change-me-please',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  HOST: '127.0.0.1',
};

const nodes = [
  ['A', 3001],
  ['B', 3002],
].map(([name, port]) => {
  const child = spawn(path.join(server, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: server,
    env: { ...env, PORT: String(port) },
  });
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      for (const line of String(d).split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      if (String(d).includes('is listening on')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`node ${name} exited with ${code}`)));
  });
  return { name, port, child, ready };
});

const stop = () => {
  for (const n of nodes) n.child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  await Promise.all(nodes.map((n) => n.ready));
} catch (err) {
  console.error(String(err));
  stop();
  process.exit(1);
}
console.log('both nodes are up: http://127.0.0.1:3001 and http://127.0.0.1:3002 (Ctrl-C stops them)');

if (process.argv.includes('--demo')) {
  try {
    await demo();
  } finally {
    stop();
  }
}

async function demo() {
  const { createNodeClient } = await import('@support-chat/sdk/node');
  const visitor = createNodeClient({ baseUrl: 'http://127.0.0.1:3001' });
  const { conversation } = await visitor.startConversation({ customerName: 'Demo visitor' });
  const agent = createNodeClient({ baseUrl: 'http://127.0.0.1:3002' });
  await agent.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  const a = agent.connect({ subscribe: [conversation.id] });
  const v = visitor.connect({ conversationId: conversation.id });
  await Promise.all([a.ready(), v.ready()]);
  await new Promise((r) => setTimeout(r, 200));
  const arrived = new Promise((resolve) => a.on('message', (f) => resolve(f)));
  const sentAt = performance.now();
  await v.send('Hello from node A');
  const frame = await arrived;
  console.log(
    `agent on node B got "${frame.data.content}" (seq ${frame.data.seq}) ${(performance.now() - sentAt).toFixed(1)} ms after the visitor on node A sent it`,
  );
  a.close();
  v.close();
}
