// String building blocks shared by every schema. PostgreSQL text cannot hold U+0000, so it is refused
// here, at the edge, instead of surfacing later as a driver error.
import { z } from 'zod';

const NUL = '\u0000';

/** A user-supplied string of at most `max` characters, never containing U+0000. */
export const text = (max: number) =>
  z.string().max(max).refine((s) => !s.includes(NUL), { message: 'must not contain NUL characters' });

/** Like `text`, but trimmed and at least one character long. */
export const nonEmptyText = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !s.includes(NUL), { message: 'must not contain NUL characters' });

export const email = z.string().trim().max(320).pipe(z.email());

/** Tags are short labels; duplicates are dropped and order is kept. */
export const tags = z
  .array(nonEmptyText(50))
  .max(20)
  .transform((list) => [...new Set(list)]);

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const metadataValue = z.union([text(2000), z.number().finite(), z.boolean(), z.null()]);

/** Free-form customer/page attributes: flat, small, and safe to spread into objects. */
export const metadata = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).refine((k) => !FORBIDDEN_KEYS.has(k), { message: 'reserved key' }),
    metadataValue,
  )
  .refine((obj) => Object.keys(obj).length <= 50, { message: 'at most 50 keys' });

export const isoDateTime = z.iso.datetime({ offset: true });
export const uuid = z.uuid();
