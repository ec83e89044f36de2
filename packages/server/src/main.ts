#!/usr/bin/env -S npx tsx
// The CLI: read config, build, listen, and close gracefully on SIGTERM/SIGINT.
import { buildApp } from './app.js';
import { ConfigError, loadConfig, serverOrigin } from './config.js';

async function main() {
  let config;
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
  // Printed to the terminal, not the log: the generated password is shown this once and never logged.
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
    lines.push(admin.password ? `  password (shown once, change it): ${admin.password}` : '  password: the ADMIN_PASSWORD you set');
    lines.push(`  sign in at ${origin}/console with that email and password`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((err) => {
  process.stderr.write(`support-chat failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
