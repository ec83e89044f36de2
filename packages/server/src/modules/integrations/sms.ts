// The seed's SMS integration: `notifyHighPriorityTicket(phone, ticket)` and `sendSLABreachWarning(phone, ticket,
// minutesRemaining)`. Each writes an SMS to the outbox (in the caller's transaction when given one), which the
// dispatcher sends through Twilio with retries; the same ticket and event texts a number once. Without Twilio
// configured they write nothing.
import type { Executor } from '../../db/client.js';
import type { tickets } from '../../db/schema/index.js';
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
    /** Who is on call (SMS_ONCALL_NUMBERS). */
    onCall: deps.config.sms?.onCall ?? [],
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
