import { createHash } from 'node:crypto';

/**
 * The name an anonymous customer goes by ("Visitor 4821"): stable for a customer id, so a returning visitor keeps
 * their number (clients recognise the form by generatedVisitorName). Migration 0008 computes the same number in SQL (md5, first 7 hex digits) for older rows.
 */
export function visitorDisplayName(customerId: string) {
  const n = Number.parseInt(createHash('md5').update(customerId).digest('hex').slice(0, 7), 16);
  return `Visitor ${1000 + (n % 9000)}`;
}
