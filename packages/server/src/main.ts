// The CLI: read config, build, listen, and close gracefully on SIGTERM/SIGINT.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, serverOrigin } from './config.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`support-chat: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish; a stuck close still ends the process.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => {
        app.log.info('server closed');
        process.exit(0);
      },
      (err) => {
        app.log.error({ err }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const origin = serverOrigin({ ...config, port: (app.server.address() as { port: number }).port });
  const { admin, siteKey } = app.supportChat.bootstrap;
  const db = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  // Printed to the terminal, not the log.
  const lines = [
    '',
    `  support-chat is listening on ${origin}`,
    `  database:  ${db}`,
    `  console:   ${origin}/console  (agents sign in here)`,
    `  demo:      ${origin}/demo  (the chat widget on a page)`,
    `  API docs:  ${origin}/docs`,
    `  site key:  ${siteKey}`,
  ];
  if (admin) {
    lines.push(`  first admin created: ${admin.email}`);
    if (admin.password) {
      // stdout also carries the JSON log, which log shippers collect: the generated password goes to a file only
      // its owner can read, and on an interactive terminal (nobody is collecting that) it is shown as well.
      const file = writeSecretFile(path.join(config.dataDir, 'initial-admin-password'), admin.password);
      lines.push(`  password: in ${file} (readable only by you; change it after signing in)`);
      if (process.stdout.isTTY) lines.push(`  password (shown once, change it): ${admin.password}`);
    } else {
      lines.push('  password: the ADMIN_PASSWORD you set');
    }
    lines.push(`  sign in at ${origin}/console with that email and password`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function writeSecretFile(file: string, secret: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its mode on write
  return path.resolve(file);
}

main().catch((err) => {
  process.stderr.write(
    `support-chat failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
