import { describe, expect, it } from 'vitest';
import {
  CreateSiteBody,
  ListTicketsQuery,
  SendMessageBody,
  ServerEvent,
  StartChatBody,
  errorCodes,
  metadata,
  tags,
  text,
  toStorable,
} from '../src/index.js';
import { storable } from '../src/text.js';

describe('text fields', () => {
  it('refuse NUL and over-long strings, keep everything else byte for byte', () => {
    expect(text(5).safeParse('a\u0000').success).toBe(false);
    expect(text(5).safeParse('123456').success).toBe(false);
    expect(text(20).parse('<b>👩‍💻</b>')).toBe('<b>👩‍💻</b>');
  });

  it('tags are deduplicated in order and bounded', () => {
    expect(tags.parse(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(tags.safeParse(['']).success).toBe(false);
    expect(tags.safeParse(Array.from({ length: 21 }, (_, i) => `t${i}`)).success).toBe(false);
  });

  it('metadata is flat, small and has no reserved keys', () => {
    expect(metadata.parse({ pageUrl: 'https://x.example/', n: 1, b: false, z: null })).toEqual({
      pageUrl: 'https://x.example/',
      n: 1,
      b: false,
      z: null,
    });
    expect(metadata.safeParse({ a: { b: 1 } }).success).toBe(false);
    // zod drops a JSON "__proto__" key outright; other reserved names are refused.
    const parsed = metadata.parse(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.keys(parsed)).toEqual([]);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(metadata.safeParse({ constructor: 'x' }).success).toBe(false);
    expect(metadata.safeParse({ prototype: 'x' }).success).toBe(false);
    expect(metadata.safeParse(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))).success).toBe(
      false,
    );
  });
});

describe('request bodies', () => {
  it('StartChatBody accepts the seed fields and checks the hash shape', () => {
    expect(
      StartChatBody.parse({ customerId: 'c', customerName: 'John', customerEmail: 'j@x.co', subject: 'Hi' }),
    ).toMatchObject({ customerId: 'c' });
    expect(StartChatBody.safeParse({ customerHash: 'abc' }).success).toBe(false);
    expect(StartChatBody.safeParse({ customerEmail: 'nope' }).success).toBe(false);
  });

  it('SendMessageBody defaults to text and refuses system messages and empty sends', () => {
    expect(SendMessageBody.parse({ content: 'hi' })).toMatchObject({ messageType: 'text', attachments: [] });
    expect(SendMessageBody.safeParse({ content: 'x', messageType: 'system' }).success).toBe(false);
    expect(SendMessageBody.safeParse({ content: '   ' }).success).toBe(false);
  });

  it('ListTicketsQuery parses comma lists into enums and coerces numbers', () => {
    expect(ListTicketsQuery.parse({ status: 'open,waiting', page: '2' })).toMatchObject({
      status: ['open', 'waiting'],
      page: 2,
      limit: 25,
      sort: 'createdAt',
    });
    expect(ListTicketsQuery.safeParse({ status: 'open,bogus' }).success).toBe(false);
    expect(ListTicketsQuery.safeParse({ sort: 'id; drop table' }).success).toBe(false);
  });

  it('CreateSiteBody only takes bare origins', () => {
    expect(CreateSiteBody.parse({ name: 's', allowedOrigins: ['https://a.example:8443'] }).allowedOrigins).toEqual([
      'https://a.example:8443',
    ]);
    expect(CreateSiteBody.safeParse({ name: 's', allowedOrigins: ['https://a.example/x'] }).success).toBe(false);
  });
});

it('every error code maps to a 4xx/5xx status', () => {
  for (const [code, status] of Object.entries(errorCodes)) {
    expect(status, code).toBeGreaterThanOrEqual(400);
    expect(status, code).toBeLessThan(600);
  }
});

it('ServerEvent is a discriminated union on type', () => {
  expect(ServerEvent.safeParse({ type: 'nope', conversationId: 'x', data: {}, timestamp: 'x' }).success).toBe(false);
});

describe('canned response placeholders', () => {
  it('knows its placeholders, with spaces and fallbacks, and names what is wrong', async () => {
    const { placeholderProblems, fillPlaceholders, CreateCannedResponseBody } = await import('../src/index.js');
    expect(placeholderProblems('Hi {{ customer.firstName | there }}, {{agent.name}}')).toEqual([]);
    expect(placeholderProblems('{{customer.password}} {{agent}}')).toEqual([
      'unknown placeholder {{customer.password}}',
      'unknown placeholder {{agent}}',
    ]);
    expect(placeholderProblems('Hi {{customer.name')).toEqual(['unbalanced {{ or }}']);
    expect(placeholderProblems('{{constructor.constructor("x")()}}')).not.toEqual([]);
    expect(
      fillPlaceholders('Hi {{customer.firstName|there}} / {{customer.email}}!', {
        'customer.firstName': '',
        'customer.email': 'a@b.c',
      }),
    ).toBe('Hi there / a@b.c!');
    // A value that looks like a placeholder is inserted once, never expanded again.
    expect(
      fillPlaceholders('{{customer.name}}', { 'customer.name': '{{agent.email}}', 'agent.email': 'secret@x' }),
    ).toBe('{{agent.email}}');
    expect(CreateCannedResponseBody.parse({ title: 't', content: 'c', shortcut: ' Thanks_2 ' }).shortcut).toBe(
      'thanks_2',
    );
    expect(CreateCannedResponseBody.safeParse({ title: 't', content: 'c', shortcut: 'no spaces' }).success).toBe(false);
  });

  it('parses exactly as the old regular expression did, on every short text of braces, bars and spaces', async () => {
    const { placeholderProblems, fillPlaceholders } = await import('../src/index.js');
    // The reference: the regex this parser replaced (it backtracks for seconds on long input, fine on short).
    const RE = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;
    const alphabet = ['{', '}', '|', ' ', 'a'];
    let checked = 0;
    const walk = (s: string) => {
      if (s.length > 0) {
        const names: string[] = [];
        const ours = fillPlaceholders(s, new Proxy({}, { get: (_t, k) => (names.push(String(k)), '') }));
        const theirs = s.replace(RE, (_a, _n, fb: string | undefined) => (fb ?? '').trim());
        expect(ours, JSON.stringify(s)).toBe(theirs);
        expect(names, JSON.stringify(s)).toEqual([...s.matchAll(RE)].map((m) => m[1]));
        const unbalanced = /\{\{|\}\}/.test(s.replace(RE, ''));
        expect(placeholderProblems(s).includes('unbalanced {{ or }}'), JSON.stringify(s)).toBe(unbalanced);
        checked++;
      }
      if (s.length < 6) for (const c of alphabet) walk(s + c);
    };
    walk('');
    expect(checked).toBe(19_530);
  });

  it('checks a 10,000-character adversarial text in linear time', async () => {
    const { placeholderProblems } = await import('../src/index.js');
    const inputs = [`{{${' '.repeat(9_997)}x`, '{{'.repeat(5_000), `{{${' |'.repeat(4_998)} x`, '{{ a'.repeat(2_500)];
    const started = performance.now();
    for (const input of inputs) expect(placeholderProblems(input)).toContain('unbalanced {{ or }}');
    // The regex it replaced took 23 s on the first input at a quarter of this length; linear takes well under 1 ms.
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('toStorable', () => {
  it('drops NULs, replaces unpaired surrogates, and mends a pair cut in two by the length limit', () => {
    expect(toStorable('a\u0000b')).toBe('ab');
    expect(toStorable('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(toStorable('ok 😀 still')).toBe('ok 😀 still');
    // '😀' is two code units: a cut after its first one would leave a lone high surrogate.
    expect(toStorable('abc😀', 4)).toBe('abc\ufffd');
    expect(storable(toStorable('abc😀', 4))).toBe(true);
  });
});
