// The SLA watcher: on every node, every SLA_WATCH_SECONDS, it looks for unfinished tickets whose first answer or
// resolution is about to be missed (warnMinutes before) or was missed, marks them, queues the emails in the outbox
// and, once committed, tells the consoles. Tickets are claimed FOR UPDATE SKIP LOCKED and each action is marked on
// the ticket in the same transaction, so two nodes never act twice and a restart carries on where it stopped.
import { and, eq, isNull, lte, notInArray, or } from 'drizzle-orm';
import type { SlaTarget, ServerEvent } from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import { agents, tickets, users } from '../../db/schema/index.js';
import { PeriodicPass } from '../../lib/periodic-pass.js';
import type { Deps } from '../../deps.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { enqueueEmail } from '../notifications/outbox.js';
import { smsIntegration } from '../integrations/sms.js';
import { toTicketDto } from '../tickets/service.js';

type TicketRow = typeof tickets.$inferSelect;
type Kind = 'warning' | 'breach';
const BATCH = 100;

/**
 * Each target once: its columns (for the search), the same fields on a row, its marks' name on the row, and its name
 * in words.
 */
const targets = {
  first_response: {
    due: tickets.firstResponseDueAt,
    warned: tickets.firstResponseWarnedAt,
    breached: tickets.firstResponseBreachedAt,
    /** The target is met (or moot) once this is set. */
    met: tickets.firstResponseAt,
    dueOf: (r: TicketRow) => r.firstResponseDueAt,
    metOf: (r: TicketRow) => r.firstResponseAt,
    marks: 'firstResponse',
    words: 'first answer',
  },
  resolution: {
    due: tickets.slaDueAt,
    warned: tickets.resolutionWarnedAt,
    breached: tickets.resolutionBreachedAt,
    met: tickets.resolvedAt,
    dueOf: (r: TicketRow) => r.slaDueAt,
    metOf: (r: TicketRow) => r.resolvedAt,
    marks: 'resolution',
    words: 'resolution',
  },
} as const;

/** What one ticket's target asks of the watcher at `now`, if anything. */
export function actionFor(row: TicketRow, target: SlaTarget, now: Date, warnMs: number): Kind | undefined {
  const t = targets[target];
  const due = t.dueOf(row);
  const warned = row[`${t.marks}WarnedAt`];
  if (t.metOf(row) || row[`${t.marks}BreachedAt`]) return undefined;
  if (due.getTime() <= now.getTime()) return 'breach';
  if (!warned && due.getTime() - warnMs <= now.getTime()) return 'warning';
  return undefined;
}

export class SlaWatcher extends PeriodicPass<number> {
  constructor(private readonly deps: Deps) {
    super();
  }

  protected get everyMs() {
    return this.deps.config.slaWatchMs;
  }

  /** One pass (batches until nothing is due): returns how many warnings and breaches it recorded. */
  protected async pass() {
    let total = 0;
    try {
      for (;;) {
        const n = await this.batch();
        total += n.acted;
        if (n.claimed < BATCH) return total;
      }
    } catch (err) {
      this.deps.log.error({ err }, 'SLA watch failed');
      throw err;
    }
  }

  private async batch() {
    const { deps } = this;
    const now = deps.clock.now();
    // Read before the transaction: PGlite has one connection.
    const policy = await deps.settings.sla();
    const warnMs = policy.warnMinutes * 60_000;
    const soon = new Date(now.getTime() + warnMs);
    const due = (t: (typeof targets)[SlaTarget], by: Date, mark: typeof t.warned | typeof t.breached) =>
      and(isNull(t.met), isNull(t.breached), isNull(mark), lte(t.due, by));
    const { claimed, acted, events } = await deps.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(tickets)
        .where(
          and(
            notInArray(tickets.status, ['resolved', 'closed']),
            // A stopped clock neither warns nor breaches.
            isNull(tickets.slaPausedAt),
            or(...Object.values(targets).flatMap((t) => [due(t, soon, t.warned), due(t, now, t.breached)])),
          ),
        )
        .orderBy(tickets.firstResponseDueAt)
        .limit(BATCH)
        .for('update', { skipLocked: true });
      const events: TopicEvent[] = [];
      let acted = 0;
      for (const row of rows) {
        const actions = (['first_response', 'resolution'] as const)
          .map((target) => ({ target, kind: actionFor(row, target, now, warnMs) }))
          .filter((a): a is { target: SlaTarget; kind: Kind } => a.kind !== undefined);
        if (!actions.length) continue;
        const patch: Partial<TicketRow> = {};
        for (const { target, kind } of actions) {
          const { marks } = targets[target];
          // A breach found before its warning went out (the watcher was down) is the news: no warning after it.
          patch[`${marks}WarnedAt`] = row[`${marks}WarnedAt`] ?? now;
          if (kind === 'breach') patch[`${marks}BreachedAt`] = now;
        }
        const firstBreach = actions.find((a) => a.kind === 'breach');
        if (firstBreach && !row.slaBreachedAt) {
          patch.slaBreachedAt = now;
          patch.slaBreachedTarget = firstBreach.target;
        }
        const [updated] = await tx.update(tickets).set(patch).where(eq(tickets.id, row.id)).returning();
        const ticket = toTicketDto(updated!);
        const timestamp = now.toISOString();
        events.push({
          topic: topics.tickets,
          event: { type: 'ticket_update', conversationId: row.conversationId, data: { ticket }, timestamp },
        });
        for (const { target, kind } of actions) {
          const dueAt = targets[target].dueOf(row);
          const minutesRemaining = Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / 60_000));
          const event: ServerEvent = {
            type: 'sla_alert',
            data: { kind, target, ticket, dueAt: dueAt.toISOString(), minutesRemaining },
            timestamp,
          };
          events.push({ topic: topics.tickets, event });
          await this.deps.integrations.emit(
            tx,
            [
              {
                type: kind === 'warning' ? 'sla.warning' : 'sla.breach',
                conversationId: row.conversationId,
                data: { target, ticket, dueAt: dueAt.toISOString(), minutesRemaining },
              },
            ],
            now,
          );
          await this.notify(tx, updated!, target, kind, minutesRemaining, now);
          acted++;
        }
      }
      return { claimed: rows.length, acted, events };
    });
    // Told once committed: a rolled-back pass announces nothing.
    await publishAll(deps, events);
    return { claimed, acted };
  }

  /**
   * The outbox's part: an email to whoever holds the ticket (or every admin, when nobody does), once per ticket, target
   * and kind (the idempotency key), when the server can send email; and a text to whoever is on call, when it can send
   * SMS.
   */
  private async notify(tx: Executor, t: TicketRow, target: SlaTarget, kind: Kind, minutesRemaining: number, now: Date) {
    // The seed's sendSLABreachWarning, to everyone on call and the assignee's phone.
    const sms = smsIntegration(this.deps, tx);
    for (const phone of await sms.recipients(t.assignedAgentId))
      await sms.sendSLABreachWarning(phone, t, kind === 'warning' ? Math.max(1, minutesRemaining) : 0, target);
    if (!this.deps.config.smtp) return;
    const to = t.assignedAgentId
      ? await tx.select({ email: agents.email }).from(agents).where(eq(agents.id, t.assignedAgentId))
      : await tx
          .select({ email: users.email })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.disabled, false)));
    const { words: what, dueOf } = targets[target];
    const subject =
      kind === 'warning'
        ? `SLA warning: ${what} due in ${minutesRemaining} min — ${t.subject}`
        : `SLA missed: ${what} was due — ${t.subject}`;
    const text = [
      kind === 'warning'
        ? `The ${t.priority} ticket "${t.subject}" from ${t.customerName} needs its ${what} within ${minutesRemaining} minutes.`
        : `The ${t.priority} ticket "${t.subject}" from ${t.customerName} missed its ${what} target.`,
      `Due: ${dueOf(t).toISOString()}`,
      `Ticket: ${t.id}`,
    ].join('\n');
    for (const { email } of to)
      await enqueueEmail(
        tx,
        { to: email, subject, text, key: `sla:${t.id}:${target}:${kind}:${email}`, kind: 'sla', automatic: true },
        now,
      );
  }
}
