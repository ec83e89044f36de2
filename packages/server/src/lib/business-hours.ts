// Time inside a site's business hours: whether it is open at an instant, when it next opens, and clock arithmetic
// that only counts open time (the SLA clock that follows business hours). Days are calendar days in the site's time
// zone, so a schedule stays at 09:00 local across daylight-saving changes; holidays close a whole local day.
import { DateTime } from 'luxon';
import type { BusinessHours } from '@support-chat/protocol';

/** How far ahead to look for an open day: a year and a bit covers any 100 holidays on a one-day-a-week schedule. */
const HORIZON_DAYS = 400;

/** The open interval of the local calendar day `day` is on, or null when that day is closed. */
function openingOn(bh: BusinessHours, day: DateTime): { start: DateTime; end: DateTime } | null {
  const d = bh.days[day.weekday - 1];
  if (!d?.open || bh.holidays.some((h) => h.date === day.toISODate())) return null;
  return { start: at(day, d.from), end: at(day, d.to) };
}

/** `HH:MM` on that local day (`24:00`: the start of the next day), by the wall clock, not by elapsed minutes. */
function at(day: DateTime, hhmm: string): DateTime {
  if (hhmm === '24:00') return day.startOf('day').plus({ days: 1 });
  return day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 });
}

/** The open intervals from the local day of `from` on, day by day, for at most the horizon. */
function* openings(bh: BusinessHours, from: Date) {
  const first = DateTime.fromJSDate(from, { zone: bh.timeZone }).startOf('day');
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const o = openingOn(bh, first.plus({ days: i }));
    if (o) yield o;
  }
}

/** Whether the team answers at `when` (always, when the site keeps no business hours). */
export function isOpenAt(bh: BusinessHours, when: Date): boolean {
  if (!bh.enabled) return true;
  const local = DateTime.fromJSDate(when, { zone: bh.timeZone });
  const o = openingOn(bh, local);
  return o !== null && o.start <= local && local < o.end;
}

/** When business hours next begin after `when`; null when open at `when`, when there are none, or never within the horizon. */
export function nextOpening(bh: BusinessHours, when: Date): Date | null {
  if (isOpenAt(bh, when)) return null;
  for (const o of openings(bh, when)) if (o.start.toMillis() > when.getTime()) return o.start.toJSDate();
  return null;
}

/** Where business hours stand at `when`: inside them, and when they next begin (null while inside, or never). */
export function hoursAt(bh: BusinessHours, when: Date) {
  const next = nextOpening(bh, when);
  return { withinBusinessHours: isOpenAt(bh, when), nextOpenAt: next ? next.toISOString() : null };
}

/**
 * The instant `ms` of open time after `from`: with business hours off, plain `from + ms`. Open time is counted only
 * inside each day's interval, so 2 hours from Friday 16:00 on a 9–17 weekday schedule is Monday 10:00.
 */
export function addOpenTime(bh: BusinessHours, from: Date, ms: number): Date {
  if (!bh.enabled) return new Date(from.getTime() + ms);
  let left = ms;
  let last: Date | null = null;
  for (const o of openings(bh, from)) {
    const start = Math.max(o.start.toMillis(), from.getTime());
    const end = o.end.toMillis();
    if (start >= end) continue;
    if (left <= end - start) return new Date(start + left);
    left -= end - start;
    last = new Date(end);
  }
  // No open time within the horizon (a schedule with no open day): the rest runs on the plain clock.
  return new Date((last ?? from).getTime() + left);
}

/** How much open time lies between `a` and `b` (b − a when business hours are off; 0 when b ≤ a). */
export function openTimeBetween(bh: BusinessHours, a: Date, b: Date): number {
  if (b.getTime() <= a.getTime()) return 0;
  if (!bh.enabled) return b.getTime() - a.getTime();
  let total = 0;
  for (const o of openings(bh, a)) {
    if (o.start.toMillis() >= b.getTime()) break;
    const start = Math.max(o.start.toMillis(), a.getTime());
    const end = Math.min(o.end.toMillis(), b.getTime());
    if (end > start) total += end - start;
  }
  return total;
}
