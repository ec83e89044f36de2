// Cutting quoted history off replies: the common clients' markers, signatures, and input crafted to make a
// backtracking pattern crawl (the cut is one pass over the lines).
import { describe, expect, it } from 'vitest';
import { quotedHistoryCut } from '../src/modules/mail-in/quotes.js';

describe('quotedHistoryCut', () => {
  it.each([
    ['Gmail', 'Thanks!\n\nOn Mon, 1 Jun 2026 at 12:00, Support <help@acme.example> wrote:\n> Hello\n', 'Thanks!'],
    [
      'a wrapped Gmail header',
      'Yes.\n\nOn Mon, 1 Jun 2026 at 12:00, Support\n<help@acme.example> wrote:\n> Hi\n',
      'Yes.',
    ],
    ['Apple Mail (German)', 'Danke\n\nAm 01.06.2026 um 12:00 schrieb Support <help@acme.example>:\n> Hallo', 'Danke'],
    ['Outlook', 'See below.\r\n\r\n________________________________\r\nFrom: Support\r\nSent: Monday', 'See below.'],
    ['an Outlook header block', 'Ok\n\nFrom: Support <help@acme.example>\nSent: Monday, June 1, 2026\nTo: me', 'Ok'],
    ['Original Message', 'Fine\n-----Original Message-----\nFrom: x', 'Fine'],
    ['trailing quote lines', 'Got it\n> earlier\n>\n> more\n', 'Got it'],
    ['a signature', 'Call me.\n-- \nNoor\n+1 555', 'Call me.'],
  ])('%s', (_name, input, expected) => expect(quotedHistoryCut(input)).toBe(expected));

  it('keeps inline quotes that the customer answers between', () => {
    const text = '> Which order?\n1042\n> And the date?\nMonday';
    expect(quotedHistoryCut(text)).toBe(text);
  });

  it('takes linear time on input crafted against multi-line patterns', () => {
    const evil = `${'On '.repeat(30_000)}\n${'> x\nOn y\n'.repeat(20_000)}end`;
    const started = performance.now();
    quotedHistoryCut(evil);
    // Not a speed target: a guard that the cut does not go quadratic (which takes minutes here).
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
