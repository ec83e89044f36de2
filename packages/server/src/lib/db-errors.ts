// drizzle wraps driver errors ("Failed query: …"); the PostgreSQL SQLSTATE is on `cause`.
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  invalidText: '22P02',
  untranslatableCharacter: '22P05',
  characterNotInRepertoire: '22021',
} as const;
