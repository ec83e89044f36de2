// The seed's SMS integration: `notifyHighPriorityTicket(phone, ticket)` and `sendSLABreachWarning(phone, ticket,
// minutesRemaining)`. Each writes an SMS to the outbox (in the caller's transaction when given one), which the
// dispatcher sends through Twilio with retries; the same ticket and event texts a number once. Without Twilio
// configured they write nothing.
import type { Executor } from '../../db/client.js';
import { eq } from 'drizzle-orm';
import { agents, type tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { enqueueSms } from '../notifications/outbox.js';

type TicketLike = Pick<typeof tickets.$inferSelect, 'id' | 'subject' | 'priority' | 'customerName'>;

/** Subjects are cut so that a text stays one SMS segment where it can (160 characters). */
const short = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function smsIntegration(deps: Pick<Deps, 'db' | 'clock' | 'config'>, db: Executor = deps.db) {
  const configured = Boolean(deps.config.sms);
  const send = (to: string, text: string, key: string) =>
    configured ? enqueueSms(db, { to, text, key }, deps.clock.now()) : Promise.resolve(false);
  return {
    configured,
    /** Who is texted about a ticket: everyone on call (SMS_ONCALL_NUMBERS) and its assignee, if they gave a phone. */
    async recipients(assignedAgentId: string | null): Promise<string[]> {
      if (!configured) return [];
      const onCall = deps.config.sms?.onCall ?? [];
      const [assignee] = assignedAgentId
        ? await db.select({ phone: agents.phone }).from(agents).where(eq(agents.id, assignedAgentId)).limit(1)
        : [];
      return [...new Set([...onCall, ...(assignee?.phone ? [assignee.phone] : [])])];
    },
    notifyHighPriorityTicket(phone: string, ticket: TicketLike) {
      return send(
        phone,
        `[${ticket.priority.toUpperCase()}] New ticket from ${short(ticket.customerName, 40)}: ${short(ticket.subject)}`,
        `sms:ticket:${ticket.id}:${ticket.priority}:${phone}`,
      );
    },
    /** `minutesRemaining` 0 or less: the target was missed. */
    sendSLABreachWarning(
      phone: string,
      ticket: TicketLike,
      minutesRemaining: number,
      target: 'first_response' | 'resolution' = 'resolution',
    ) {
      const what = target === 'first_response' ? 'first answer' : 'resolution';
      const text =
        minutesRemaining > 0
          ? `SLA warning: ${what} due in ${minutesRemaining} min for [${ticket.priority}] ${short(ticket.subject)}`
          : `SLA missed: ${what} overdue for [${ticket.priority}] ${short(ticket.subject)}`;
      const kind = minutesRemaining > 0 ? 'warning' : 'breach';
      return send(phone, text, `sms:sla:${ticket.id}:${target}:${kind}:${phone}`);
    },
  };
}
