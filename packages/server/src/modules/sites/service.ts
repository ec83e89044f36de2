// Sites embed the widget. Their key is public; allowed origins and the identity secret guard visitors.
import { firstOrThrow } from '../../db/rows.js';
import { and, asc, eq, sql } from 'drizzle-orm';
import { defaultWidgetSettings, type Site, type UpdateSiteBody, type CreateSiteBody } from '@support-chat/protocol';
import type { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { sites } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { randomSecret } from '../../lib/secrets.js';
import { verifyCustomerHash } from '../../lib/secrets.js';
import { hoursAt } from '../../lib/business-hours.js';
import { iso } from '../../lib/time.js';

export type SiteRow = typeof sites.$inferSelect;

/**
 * What admins read of a site: never the identity secret itself (it travels once, when it is made); with where its
 * business hours stand at `now`.
 */
export const toSiteDto = (s: SiteRow, now: Date): Site => ({
  id: s.id,
  name: s.name,
  siteKey: s.siteKey,
  allowedOrigins: s.allowedOrigins,
  requireVerification: s.requireVerification,
  identitySecretHint: s.identitySecret.slice(-4),
  identitySecretSetAt: iso(s.identitySecretSetAt),
  isDefault: s.isDefault,
  // Rows written before a setting existed get its default.
  widget: { ...defaultWidgetSettings, ...s.widget },
  businessHours: s.businessHours,
  emailSummaryOnResolve: s.emailSummaryOnResolve,
  hoursNow: hoursAt(s.businessHours, now),
  createdAt: iso(s.createdAt),
});

/** A site with the secret just made: the one answer that carries it. */
const withSecret = (row: SiteRow, now: Date) => ({ site: toSiteDto(row, now), identitySecret: row.identitySecret });

const newSiteKey = () => `site_${randomSecret(12)}`;

/**
 * The default site, created on first start. `configured` is ALLOWED_ORIGINS: when set, it is the default site's
 * list on every start (a restart with a new value takes effect, and `onChange` hears what changed); when unset, the
 * stored list stays as an admin left it.
 */
export async function ensureDefaultSite(
  db: Executor,
  configured: string[] | undefined,
  fallback: string[],
  onChange: (change: { added: string[]; removed: string[] }) => void = () => {},
): Promise<SiteRow> {
  const allowedOrigins = configured ?? fallback;
  const [existing] = await db.select().from(sites).where(eq(sites.isDefault, true)).limit(1).for('update');
  if (existing) {
    if (!configured) return existing;
    const added = configured.filter((o) => !existing.allowedOrigins.includes(o));
    const removed = existing.allowedOrigins.filter((o) => !configured.includes(o));
    if (added.length === 0 && removed.length === 0) return existing;
    const updated = firstOrThrow(
      await db.update(sites).set({ allowedOrigins: configured }).where(eq(sites.id, existing.id)).returning(),
      'site',
    );
    onChange({ added, removed });
    return updated;
  }
  const created = firstOrThrow(
    await db
      .insert(sites)
      .values({
        name: 'Default site',
        siteKey: newSiteKey(),
        identitySecret: randomSecret(),
        allowedOrigins,
        isDefault: true,
      })
      .returning(),
    'site',
  );
  return created;
}

/** The site a visitor call is for: by public key, else the default site. */
export async function resolveSite(db: Executor, siteKey: string | undefined): Promise<SiteRow> {
  const [row] = await db
    .select()
    .from(sites)
    .where(siteKey === undefined ? eq(sites.isDefault, true) : eq(sites.siteKey, siteKey))
    .limit(1);
  if (!row) throw new AppError('SITE_NOT_FOUND', 'Unknown site key');
  return row;
}

export async function siteAllowsOrigin(db: Executor, siteId: string, origin: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.id, siteId), sql`${origin} = any(${sites.allowedOrigins})`))
    .limit(1);
  return Boolean(row);
}

export async function anySiteAllowsOrigin(db: Executor, origin: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(sql`${origin} = any(${sites.allowedOrigins})`)
    .limit(1);
  return Boolean(row);
}

/**
 * Browser calls from a page that is neither this server nor one of the site's allowed origins are refused,
 * so a public site key cannot be used to open chats from someone else's page.
 */
export function originAllowed(site: SiteRow, origin: string | undefined, serverOrigin: string) {
  return origin === undefined || origin === serverOrigin || site.allowedOrigins.includes(origin);
}

export function assertOriginAllowed(site: SiteRow, origin: string | undefined, serverOrigin: string) {
  if (originAllowed(site, origin, serverOrigin)) return;
  throw new AppError('ORIGIN_NOT_ALLOWED', 'This page is not an allowed origin for the site', { origin });
}

export interface ClaimedIdentity {
  customerId?: string;
  customerHash?: string;
}

/**
 * Decides whether a claimed customer id is verified. A wrong hash, or no hash where the site requires one,
 * is refused before anything is written.
 */
export function verifyIdentity(site: SiteRow, claim: ClaimedIdentity): boolean {
  if (claim.customerHash !== undefined) {
    if (claim.customerId === undefined) {
      throw new AppError('VALIDATION_ERROR', 'customerHash needs customerId', [
        { path: 'customerId', message: 'required with customerHash' },
      ]);
    }
    if (!verifyCustomerHash(site.identitySecret, claim.customerId, claim.customerHash)) {
      throw new AppError('IDENTITY_VERIFICATION_FAILED', 'customerHash does not match customerId');
    }
    return true;
  }
  if (claim.customerId !== undefined && site.requireVerification) {
    throw new AppError('IDENTITY_VERIFICATION_FAILED', 'This site requires customerHash for identified customers');
  }
  return false;
}

export async function listSites(db: Executor, now: Date) {
  return (await db.select().from(sites).orderBy(asc(sites.createdAt))).map((s) => toSiteDto(s, now));
}

export async function getSite(db: Executor, id: string, now: Date) {
  const [row] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  if (!row) throw new AppError('SITE_NOT_FOUND', 'Site not found');
  return toSiteDto(row, now);
}

export async function createSite(db: Executor, body: z.output<typeof CreateSiteBody>, now: Date) {
  const { widget, ...fields } = body;
  const row = firstOrThrow(
    await db
      .insert(sites)
      .values({
        ...fields,
        widget: { ...defaultWidgetSettings, ...widget },
        siteKey: newSiteKey(),
        identitySecret: randomSecret(),
      })
      .returning(),
    'site',
  );
  return withSecret(row, now);
}

export async function updateSite(db: Executor, id: string, body: z.output<typeof UpdateSiteBody>, now: Date) {
  const { widget, ...fields } = body;
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(sites).where(eq(sites.id, id)).limit(1).for('update');
    if (!current) throw new AppError('SITE_NOT_FOUND', 'Site not found');
    // A widget change names only what changes; the rest stays as it was.
    const merged = widget ? { widget: { ...defaultWidgetSettings, ...current.widget, ...widget } } : {};
    const row = firstOrThrow(
      await tx
        .update(sites)
        .set({ ...fields, ...merged })
        .where(eq(sites.id, id))
        .returning(),
      'site',
    );
    return { before: toSiteDto(current, now), site: toSiteDto(row, now) };
  });
}

/** A new identity secret: hashes made with the old one stop verifying at once. */
export async function rotateIdentitySecret(db: Executor, id: string, now: Date) {
  const [row] = await db
    .update(sites)
    .set({ identitySecret: randomSecret(), identitySecretSetAt: now })
    .where(eq(sites.id, id))
    .returning();
  if (!row) throw new AppError('SITE_NOT_FOUND', 'Site not found');
  return withSecret(row, now);
}
