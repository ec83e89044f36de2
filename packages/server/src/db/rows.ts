// What a write gives back. `.returning()` on an insert or an update by a key we just read must return the row; its
// absence is a bug (not the caller's 404), so it fails loudly here instead of as `undefined` three calls later.
export function firstOrThrow<T>(rows: readonly T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`${what}: the statement returned no row`);
  return row;
}
