/** A user's search text as an ILIKE pattern: %, _ and \ match themselves, nothing else is special. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
