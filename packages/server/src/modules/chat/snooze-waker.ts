// The snooze waker: on every node, every SNOOZE_WAKE_SECONDS, it ends the snoozes whose time has come and tells the
// consoles. One UPDATE claims them: PostgreSQL re-checks its WHERE on a row another node changed meanwhile, so two
// nodes never wake (and announce) the same conversation twice. A customer's message ends a snooze sooner
// (appendMessage); this only handles the clock.
import { and, isNotNull, lte } from 'drizzle-orm';
import { conversations } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { publishAll } from '../../bus/publish.js';
import { detailsEvent } from './service.js';
import { PeriodicPass } from '../../lib/periodic-pass.js';

export class SnoozeWaker extends PeriodicPass<number> {
  constructor(private readonly deps: Pick<Deps, 'db' | 'bus' | 'clock' | 'config' | 'log'>) {
    super();
  }

  protected get everyMs() {
    return this.deps.config.snoozeWakeMs;
  }

  /** One pass: returns how many conversations came back. */
  protected async pass() {
    const now = this.deps.clock.now();
    try {
      const woken = await this.deps.db
        .update(conversations)
        .set({ snoozedAt: null, snoozedUntil: null, unsnoozedAt: now, updatedAt: now })
        .where(and(isNotNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, now)))
        .returning();
      const timestamp = now.toISOString();
      await publishAll(
        this.deps,
        woken.map((c) => detailsEvent(c, ['snooze'], timestamp)),
      );
      return woken.length;
    } catch (err) {
      this.deps.log.error({ err }, 'waking snoozed conversations failed');
      throw err;
    }
  }
}
