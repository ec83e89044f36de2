/** Time comes from here so tests can drive SLA and expiry logic with a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
