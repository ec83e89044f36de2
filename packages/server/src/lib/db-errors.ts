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

/** Runs a write; a unique-index violation in it becomes the error `conflict` makes (anything else goes on as it is). */
export async function unlessTaken<T>(write: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw conflict();
    throw err;
  }
}

// Failures that say nothing about the request: the connection dropped, the server is restarting or out of
// connections, or a lock/serialization conflict. Retrying later can succeed, so they answer 503, not 500.
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]|40001|40P01|55P03)/;
const TRANSIENT_DRIVER = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransientDbError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    // The embedded database says so in words while it closes (shutdown, or a test pulling it away).
    const message = (e as { message?: unknown }).message;
    if (message === 'PGlite is closed' || message === 'PGlite is closing') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE.test(code)) return true;
    if (TRANSIENT_DRIVER.has(code)) return true;
  }
  return false;
}
