// Small text helpers every console element shares: times, durations, SLA countdowns, names.
import { generatedVisitorName, type Conversation, type Message, type Ticket } from '@support-chat/sdk';

/** The customer's own name; else their email; else the server's "Visitor 4821". */
export const customerLabel = (c: Pick<Conversation, 'customerName' | 'customerEmail'>) =>
  (generatedVisitorName.test(c.customerName) && c.customerEmail) || c.customerName;

export function clock(iso: string) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function dateTime(iso: string) {
  return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** 42 s, 5 min, 3 h 20 min, 2 d 4 h. */
export function duration(seconds: number) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function since(iso: string | null, now = Date.now()) {
  return iso ? duration((now - new Date(iso).getTime()) / 1000) : '';
}

/** Where a ticket stands against its SLA, and which of its two targets that is about. */
export interface SlaState {
  state: 'met' | 'breached' | 'open';
  target: 'first answer' | 'resolution';
  /** When that target is (or was) due. */
  dueAt: string;
}

/**
 * A ticket's SLA: its first answer is due at `firstResponseDueAt`, its resolution at `slaDueAt`. A missed target stays
 * missed (resolving or closing does not hide it); with none missed, a finished ticket met its SLA and an open one is
 * counting toward the next target: the first answer until an agent has answered, then the resolution.
 */
export function slaStatus(
  t: Pick<Ticket, 'slaDueAt' | 'firstResponseDueAt' | 'firstResponseAt' | 'resolvedAt' | 'closedAt'>,
  now = Date.now(),
): SlaState {
  const at = (iso: string | null) => (iso ? new Date(iso).getTime() : null);
  const done = at(t.resolvedAt ?? t.closedAt);
  const answered = at(t.firstResponseAt) ?? done;
  const missed = (due: string, by: number | null) => (by ?? now) > new Date(due).getTime();
  if (missed(t.firstResponseDueAt, answered))
    return { state: 'breached', target: 'first answer', dueAt: t.firstResponseDueAt };
  if (missed(t.slaDueAt, done)) return { state: 'breached', target: 'resolution', dueAt: t.slaDueAt };
  if (done !== null) return { state: 'met', target: 'resolution', dueAt: t.slaDueAt };
  return answered === null
    ? { state: 'open', target: 'first answer', dueAt: t.firstResponseDueAt }
    : { state: 'open', target: 'resolution', dueAt: t.slaDueAt };
}

/** "due in 3 h 20 min" or "overdue by 10 min": what an SLA column says. */
export function slaText(dueIso: string, now = Date.now()) {
  const left = (new Date(dueIso).getTime() - now) / 1000;
  return left >= 0 ? `due in ${duration(left)}` : `overdue by ${duration(-left)}`;
}

export function preview(m: Pick<Message, 'content' | 'attachments' | 'isPrivate'> | undefined, max = 80) {
  if (!m) return '';
  const text = m.content.trim() || m.attachments.map((a) => `📎 ${a.name}`).join(', ');
  const one = text.replace(/\s+/g, ' ');
  return (m.isPrivate ? 'Note: ' : '') + (one.length > max ? `${one.slice(0, max - 1)}…` : one);
}

/** Only our own upload URLs (or plain http(s)) become links; anything else stays text. */
export function safeHref(url: string) {
  return /^(https?:\/\/|\/api\/uploads\/)/i.test(url) ? url : undefined;
}

/** Images are shown inline only from our uploads (re-checked as raster there), never from a URL a visitor typed. */
export function inlineImage(a: { url: string; mimeType: string }) {
  return a.url.startsWith('/api/uploads/') && /^image\/(png|jpeg|gif|webp)$/.test(a.mimeType);
}

/**
 * What went wrong, in the server's words: its message, and for a validation error the fields' own reasons
 * ("Invalid body: unknown placeholder {{agent.nope}}"), which are what a person can act on.
 */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: unknown }).details;
  if (!Array.isArray(details)) return message;
  const reasons = details
    .map((d) => (d as { message?: unknown })?.message)
    .filter((m): m is string => typeof m === 'string');
  return reasons.length ? `${message}: ${[...new Set(reasons)].slice(0, 5).join('; ')}` : message;
}
