// Business-hours clock arithmetic on exact instants: open/closed, next opening, open time added and measured —
// across a weekend, a holiday, and Europe/Berlin's daylight-saving change (29 March 2026, 02:00 → 03:00).
import { describe, expect, it } from 'vitest';
import { BusinessHours, defaultBusinessHours, type BusinessHours as Hours } from '@support-chat/protocol';
import { addOpenTime, isOpenAt, nextOpening, openTimeBetween } from '../src/lib/business-hours.js';

const H = 3600_000;
const berlin: Hours = {
  ...structuredClone(defaultBusinessHours),
  enabled: true,
  timeZone: 'Europe/Berlin',
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
} as unknown as Hours;
const d = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('is open on weekdays 09:00–17:00 local time, closed at weekends, on holidays and after hours', () => {
    // Winter: Berlin is UTC+1.
    expect(isOpenAt(berlin, d('2026-12-07T08:00:00Z'))).toBe(true); // Mon 09:00
    expect(isOpenAt(berlin, d('2026-12-07T07:59:59Z'))).toBe(false); // Mon 08:59:59
    expect(isOpenAt(berlin, d('2026-12-07T16:00:00Z'))).toBe(false); // Mon 17:00 (end is exclusive)
    expect(isOpenAt(berlin, d('2026-12-05T12:00:00Z'))).toBe(false); // Saturday
    expect(isOpenAt(berlin, d('2026-12-25T10:00:00Z'))).toBe(false); // Christmas, a Friday
    // Summer: UTC+2, so 09:00 local is 07:00Z.
    expect(isOpenAt(berlin, d('2026-06-01T07:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, d('2026-06-01T06:59:00Z'))).toBe(false);
  });

  it('off means always open, with no next opening and plain clock arithmetic', () => {
    const off = { ...berlin, enabled: false };
    expect(isOpenAt(off, d('2026-12-05T03:00:00Z'))).toBe(true);
    expect(nextOpening(off, d('2026-12-05T03:00:00Z'))).toBeNull();
    expect(addOpenTime(off, d('2026-12-05T03:00:00Z'), 5 * H)).toEqual(d('2026-12-05T08:00:00Z'));
    expect(openTimeBetween(off, d('2026-12-05T03:00:00Z'), d('2026-12-05T08:30:00Z'))).toBe(5.5 * H);
  });

  it('tells when it next opens: Monday morning after a Saturday, the day after a holiday, null while open', () => {
    expect(nextOpening(berlin, d('2026-12-05T12:00:00Z'))).toEqual(d('2026-12-07T08:00:00Z'));
    expect(nextOpening(berlin, d('2026-12-24T17:00:00Z'))).toEqual(d('2026-12-28T08:00:00Z')); // Thu evening → Mon
    expect(nextOpening(berlin, d('2026-12-07T06:00:00Z'))).toEqual(d('2026-12-07T08:00:00Z'));
    expect(nextOpening(berlin, d('2026-12-07T09:00:00Z'))).toBeNull();
  });

  it('adds open time only: 2 h from Friday 16:00 is Monday 10:00; from a closed time it starts at the opening', () => {
    expect(addOpenTime(berlin, d('2026-12-04T15:00:00Z'), 2 * H)).toEqual(d('2026-12-07T09:00:00Z'));
    expect(addOpenTime(berlin, d('2026-12-05T12:00:00Z'), 1 * H)).toEqual(d('2026-12-07T09:00:00Z'));
    // 24 open hours from Monday 09:00 = three full days: Wednesday 17:00.
    expect(addOpenTime(berlin, d('2026-12-07T08:00:00Z'), 24 * H)).toEqual(d('2026-12-09T16:00:00Z'));
    // Exactly the rest of the day lands on its end, not the next morning.
    expect(addOpenTime(berlin, d('2026-12-07T15:00:00Z'), 1 * H)).toEqual(d('2026-12-07T16:00:00Z'));
    // The Christmas holiday (Friday 25th) is skipped: Thursday 16:00 + 2 h = Monday 28th 10:00.
    expect(addOpenTime(berlin, d('2026-12-24T15:00:00Z'), 2 * H)).toEqual(d('2026-12-28T09:00:00Z'));
  });

  it('keeps 09:00 local across the daylight-saving change', () => {
    // Friday 27 March 16:00 CET (15:00Z) + 2 h → Monday 30 March 10:00 CEST (08:00Z).
    expect(addOpenTime(berlin, d('2026-03-27T15:00:00Z'), 2 * H)).toEqual(d('2026-03-30T08:00:00Z'));
    expect(nextOpening(berlin, d('2026-03-28T12:00:00Z'))).toEqual(d('2026-03-30T07:00:00Z'));
  });

  it('measures the open time between two instants', () => {
    // Friday 16:00 → Monday 10:00: one hour on Friday, one on Monday.
    expect(openTimeBetween(berlin, d('2026-12-04T15:00:00Z'), d('2026-12-07T09:00:00Z'))).toBe(2 * H);
    expect(openTimeBetween(berlin, d('2026-12-05T00:00:00Z'), d('2026-12-06T23:00:00Z'))).toBe(0);
    expect(openTimeBetween(berlin, d('2026-12-07T09:00:00Z'), d('2026-12-07T08:00:00Z'))).toBe(0);
  });

  it('a day can run to midnight (24:00)', () => {
    const late = { ...berlin, days: berlin.days.map((x) => ({ ...x, to: '24:00' })) };
    expect(isOpenAt(late, d('2026-12-07T22:59:00Z'))).toBe(true); // Mon 23:59
    expect(addOpenTime(late, d('2026-12-07T22:00:00Z'), 2 * H)).toEqual(d('2026-12-08T09:00:00Z'));
  });

  it('the schema refuses a bad time zone, an end before the start, a date twice, and no open day', () => {
    const bad = (patch: object) => BusinessHours.safeParse({ ...berlin, ...patch }).error?.issues[0];
    expect(bad({ timeZone: 'Mars/Olympus' })).toMatchObject({ path: ['timeZone'] });
    expect(bad({ days: berlin.days.map((x, i) => (i === 0 ? { ...x, from: '18:00' } : x)) })).toMatchObject({
      path: ['days', 0, 'to'],
      message: 'must end after it starts',
    });
    expect(bad({ days: berlin.days.map((x, i) => (i === 0 ? { ...x, to: '25:00' } : x)) })).toMatchObject({
      path: ['days', 0, 'to'],
    });
    expect(
      bad({
        holidays: [
          { date: '2026-12-25', name: 'a' },
          { date: '2026-12-25', name: 'b' },
        ],
      }),
    ).toMatchObject({ path: ['holidays'], message: 'each date once' });
    expect(bad({ days: berlin.days.map((x) => ({ ...x, open: false })) })).toMatchObject({ path: ['days'] });
    expect(BusinessHours.safeParse(berlin).success).toBe(true);
  });
});
