// String building blocks shared by every schema. PostgreSQL cannot store U+0000 in text or jsonb, nor a lone
// UTF-16 surrogate in jsonb (and the driver mangles one in text), so both are refused here, at the edge: one such
// value reaching a group commit used to fail every other sender's message in the batch (SECURITY.md item 17).
import { z } from 'zod';

/** True when PostgreSQL can store the string as it is: no NUL, no unpaired surrogate. */
export function storable(s: string): boolean {
  if (s.includes('\u0000')) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    // A high surrogate must be followed by a low one; a low one may only follow a high one.
    if (c >= 0xdc00) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/**
 * `s` as PostgreSQL can store it: cut to `max` UTF-16 code units first (so a cut through a pair is mended too), NULs
 * dropped, unpaired surrogates replaced by U+FFFD. For text that arrives without a schema (inbound email).
 */
export function toStorable(s: string, max = Number.POSITIVE_INFINITY): string {
  return s
    .slice(0, max)
    .replace(/\u0000/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const storableMessage = { message: 'must not contain NUL characters or unpaired UTF-16 surrogates' };

/** A user-supplied string of at most `max` characters that PostgreSQL can store. */
export const text = (max: number) => z.string().max(max).refine(storable, storableMessage);

/** Like `text`, but trimmed and at least one character long. */
export const nonEmptyText = (max: number) => z.string().trim().min(1).max(max).refine(storable, storableMessage);

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
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .refine((k) => !FORBIDDEN_KEYS.has(k), { message: 'reserved key' }),
    metadataValue,
  )
  .refine((obj) => Object.keys(obj).length <= 50, { message: 'at most 50 keys' });

export const isoDateTime = z.iso.datetime({ offset: true });
export const uuid = z.uuid();
