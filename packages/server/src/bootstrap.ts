// First start: the default site (with ALLOWED_ORIGINS applied on every start) and, on an empty database, the first
// admin. Composition-level, like app.ts: it uses the sites and agents modules, and neither of them knows about it.
import { sql } from 'drizzle-orm';
import { users } from './db/schema/index.js';
import type { Deps } from './deps.js';
import { randomSecret } from './lib/secrets.js';
import { createAgent } from './modules/agents/service.js';
import { ensureDefaultSite } from './modules/sites/service.js';

export interface BootstrapResult {
  /** Set when this start created the first admin. `password` only when it was generated. */
  admin?: { email: string; password?: string };
  siteKey: string;
}

// Same constant on every node: two nodes starting on an empty database create one admin, not two.
const BOOTSTRAP_LOCK = 4_200_418;

export async function bootstrap(
  deps: Pick<Deps, 'db' | 'config'> & { log: { info(o: object, m: string): void } },
  defaultOrigins: string[],
): Promise<BootstrapResult> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const site = await ensureDefaultSite(tx, deps.config.allowedOrigins, defaultOrigins, (change) =>
      deps.log.info(change, "ALLOWED_ORIGINS changed the default site's allowed origins"),
    );
    const [anyUser] = await tx.select({ id: users.id }).from(users).limit(1);
    if (anyUser) return { siteKey: site.siteKey };
    const email = deps.config.adminEmail ?? 'admin@example.com';
    const generated = deps.config.adminPassword === undefined ? randomSecret(12) : undefined;
    await createAgent(
      { db: tx },
      {
        name: 'Admin',
        email,
        password: deps.config.adminPassword ?? generated,
        role: 'admin',
        maxConcurrentChats: 5,
      },
    );
    return { admin: { email, password: generated }, siteKey: site.siteKey };
  });
}
