// Team-wide settings an admin edits in the console. Each node keeps what it read and forgets it when any node says a
// key changed (a `settings_changed` control event on the bus), so a change takes effect everywhere at once, without
// a restart. Until an admin saves a key, its value is the environment's (SLA_HOURS_*): the first-start default.
import { IntegrationSettings, SlaPolicy, defaultFirstResponseMinutes } from '@support-chat/protocol';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';
import { settings } from '../../db/schema/index.js';
import type { Executor } from '../../db/client.js';
import type { Deps, SettingsPort } from '../../deps.js';

type SlaPolicyValue = z.infer<typeof SlaPolicy>;

export class Settings implements SettingsPort {
  private cache = new Map<string, Promise<unknown>>();
  private off?: () => void;

  constructor(private readonly deps: Pick<Deps, 'db' | 'bus' | 'config' | 'log'>) {}

  async start() {
    this.off = await this.deps.bus.subscribe(topics.control, (e) => {
      if (e.type === 'settings_changed') this.cache.delete(e.key);
    });
  }

  stop() {
    this.off?.();
  }

  /** A key's saved value, or `fallback` when none is saved (or the saved one no longer fits its schema). */
  private read<T>(key: string, schema: z.ZodType<T>, fallback: () => T): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = this.deps.db
        .select({ value: settings.value })
        .from(settings)
        .where(eq(settings.key, key))
        .limit(1)
        .then(([row]) => {
          const parsed = row ? schema.safeParse(row.value) : undefined;
          if (parsed && !parsed.success)
            this.deps.log.warn({ key }, 'a saved setting does not fit its schema; using the default');
          return parsed?.success ? parsed.data : fallback();
        });
      // A failed read is not remembered: the next call tries again.
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async write(key: string, value: unknown, userId: string | null) {
    await this.deps.db
      .insert(settings)
      .values({ key, value, updatedBy: userId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: userId, updatedAt: sql`now()` } });
    this.cache.delete(key);
    await publishAll(this.deps, [{ topic: topics.control, event: { type: 'settings_changed', key } }]);
  }

  sla(): Promise<SlaPolicyValue> {
    return this.read('sla', SlaPolicy, () => ({
      hours: { ...this.deps.config.slaHours },
      firstResponseMinutes: { ...defaultFirstResponseMinutes },
      warnMinutes: 30,
      followBusinessHours: false,
      pauseWhileWaiting: false,
    }));
  }

  /** The new policy; an option left out keeps its value. */
  async setSla(body: Partial<SlaPolicyValue> & Pick<SlaPolicyValue, 'hours'>, userId: string | null) {
    const current = await this.sla();
    const value: SlaPolicyValue = {
      hours: body.hours,
      firstResponseMinutes: body.firstResponseMinutes ?? current.firstResponseMinutes,
      warnMinutes: body.warnMinutes ?? current.warnMinutes,
      followBusinessHours: body.followBusinessHours ?? current.followBusinessHours,
      pauseWhileWaiting: body.pauseWhileWaiting ?? current.pauseWhileWaiting,
    };
    await this.write('sla', value, userId);
    return value;
  }

  /** Webhooks' reach (private addresses), as the admin set it. */
  integrations(): Promise<IntegrationSettings> {
    return this.read(INTEGRATION_SETTINGS_KEY, IntegrationSettings, () => ({ ...defaultIntegrationSettings }));
  }

  async setIntegrations(body: Partial<IntegrationSettings>, userId: string | null) {
    const value: IntegrationSettings = { ...(await this.integrations()), ...body };
    await this.write(INTEGRATION_SETTINGS_KEY, value, userId);
    return value;
  }
}

export const INTEGRATION_SETTINGS_KEY = 'integrations';
export const defaultIntegrationSettings: IntegrationSettings = { allowPrivateAddresses: false };

/** The admin's integration settings, read with the given executor (a transaction, or the pool). */
export async function readIntegrationSettings(db: Executor): Promise<IntegrationSettings> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, INTEGRATION_SETTINGS_KEY));
  const parsed = row ? IntegrationSettings.safeParse(row.value) : undefined;
  return parsed?.success ? parsed.data : { ...defaultIntegrationSettings };
}
