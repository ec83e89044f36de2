// Snooze in the console: the choices an agent gets (in the agent's own time zone), what a snoozed or woken
// conversation says about itself, and the control in the conversation's header. The server keeps the state.
import { html, nothing } from 'lit';
import type { Conversation, Snooze } from '@support-chat/sdk';
import { t } from './i18n.js';

export interface SnoozeChoice {
  /** The option's value in the select. */
  id: string;
  label: string;
  /** What the server is asked for; undefined for "at a time…", which asks for the time first. */
  snooze?: Snooze | null;
}

/** 09:00 on the day `days` after `from`, local time. */
function nineOClock(from: Date, days: number) {
  const d = new Date(from);
  d.setDate(d.getDate() + days);
  d.setHours(9, 0, 0, 0);
  return d;
}

const weekday = (d: Date) => d.toLocaleDateString([], { weekday: 'short' });

/**
 * The choices at `now`: an hour, this evening's or tomorrow's morning, next Monday, until the customer replies, a
 * time of one's own; and waking it now when it is snoozed.
 */
export function snoozeChoices(now: Date, snoozed: boolean): SnoozeChoice[] {
  const until = (d: Date) => ({ until: d.toISOString() });
  const tomorrow = nineOClock(now, 1);
  // Next Monday, never today: on a Monday it is a week on.
  const monday = nineOClock(now, (8 - now.getDay()) % 7 || 7);
  return [
    { id: 'hour', label: t.snoozeForHour, snooze: until(new Date(now.getTime() + 3600_000)) },
    { id: 'tomorrow', label: t.snoozeTomorrow(weekday(tomorrow)), snooze: until(tomorrow) },
    { id: 'monday', label: t.snoozeMonday, snooze: until(monday) },
    { id: 'reply', label: t.snoozeUntilReply, snooze: { untilReply: true } },
    { id: 'custom', label: t.snoozeUntilTime },
    ...(snoozed ? [{ id: 'wake', label: t.wakeNow, snooze: null }] : []),
  ];
}

/** "until Mon 09:00" or "until the customer replies". */
export function snoozedUntilText(c: Pick<Conversation, 'snoozedUntil'>) {
  if (!c.snoozedUntil) return t.untilReply;
  const d = new Date(c.snoozedUntil);
  return t.until(`${weekday(d)} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`);
}

/** The pill a conversation wears in lists (short) and its header (long): snoozed, or back from a snooze. */
export function snoozePill(c: Pick<Conversation, 'snoozedAt' | 'snoozedUntil' | 'unsnoozedAt'>, long = false) {
  const until = c.snoozedAt ? snoozedUntilText(c) : '';
  if (c.snoozedAt)
    return html`<span class="pill snoozed" title=${t.snoozedUntil(until)}>${long ? t.snoozedUntil(until) : t.snoozedPill}</span>`;
  if (c.unsnoozedAt)
    return html`<span class="pill woke" title=${t.backFromSnoozeTitle}>${long ? t.backFromSnooze : t.backFromSnooze.toLowerCase()}</span>`;
  return nothing;
}

/** The date-time field's value for a moment, in local time ("2026-12-06T09:00"). */
export function localInputValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
