// Turning what an agent types into a PostgreSQL tsquery. The words are reduced to letters, digits and a few
// joiners, so no tsquery syntax reaches the parser; the result is still bound as a parameter, never spliced.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors.js';

/** 'refund order 42' → "'refund':* & 'order':* & '42':*" (every word, each as a prefix). */
export function toPrefixQuery(q: string): string {
  const words = (
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{N}@._+-]*/gu) ?? []
  ).slice(0, 16);
  if (words.length === 0) {
    throw new AppError('VALIDATION_ERROR', 'Search needs at least one word', [
      { path: 'q', message: 'no letters or digits' },
    ]);
  }
  return words.map((w) => `'${w.replace(/[._+@-]+$/, '')}':*`).join(' & ');
}

/** The configuration every search uses: 'simple' matches names, codes and every language the same way. */
export const tsquery = (q: string): SQL => sql`to_tsquery('simple', ${toPrefixQuery(q)})`;
/** A message's indexed words (message_search, filled by modules/search/indexer.ts), by an alias the query names. */
export const searchDocument = (alias: string) => sql.raw(`"${alias}"."document"`);
