// The console's elements on their own, in Chromium: the canned picker and its sc-select event, shortcut
// completion in the composer, notes, long threads rendered a page at a time, and hostile text as text.
// (test/console.test.ts runs the whole console against a real server.)
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import {
  SupportChatClient,
  type Agent,
  type ApiKey,
  type CannedResponse,
  type Conversation,
  type Message,
} from '@support-chat/sdk';
import '../src/index.js';
import {
  ClockController,
  ToastController,
  auditSummary,
  describeConditions,
  newPassword,
  parseAttributes,
} from '../src/index.js';
import type {
  AgentDialog,
  AgentManagement,
  ApiKeys,
  ChatLists,
  CloseDialog,
  ConsoleHeader,
  ConversationPane,
  SlaSettings,
} from '../src/index.js';
import type { CannedResponses } from '../src/canned-responses.js';
import type { Site } from '@support-chat/sdk';
import type { ChatComposer } from '../src/sc-composer.js';
import { completeShortcut } from '../src/sc-composer.js';
import { slaStatus } from '../src/format.js';
import { actionFor, shortcuts } from '../src/shortcuts.js';
import { loadStrings } from '../src/i18n.js';
import type { MessageThread } from '../src/sc-thread.js';

const ME = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000a2';

const canned = (over: Partial<CannedResponse>): CannedResponse => ({
  id: crypto.randomUUID(),
  title: 'Greeting',
  content: 'Hello!',
  shortcut: null,
  category: null,
  tags: [],
  agentId: null,
  teamId: null,
  teamName: null,
  usageCount: 0,
  lastUsedAt: null,
  createdBy: '00000000-0000-4000-8000-0000000000aa',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

const message = (seq: number, over: Partial<Message> = {}): Message => ({
  id: crypto.randomUUID(),
  conversationId: '00000000-0000-4000-8000-000000000001',
  seq,
  senderType: 'customer',
  senderId: 'c',
  senderName: 'Cora',
  content: `message ${seq}`,
  messageType: 'text',
  attachments: [],
  clientMessageId: null,
  isPrivate: false,
  readAt: null,
  metadata: {},
  createdAt: new Date().toISOString(),
  ...over,
});

const responses = [
  canned({ title: 'Refund issued', content: 'Your refund is on its way.', shortcut: 'refund', category: 'Billing' }),
  canned({ title: 'Reset password', content: 'Use the reset link.', shortcut: 'reset', category: 'Account' }),
  canned({
    title: 'Refund policy',
    content: '30 days.',
    shortcut: 'refund-policy',
    category: 'Billing',
    agentId: crypto.randomUUID(),
  }),
];

describe('<canned-responses>', () => {
  it('filters by category and words, and fires sc-select with the response on Enter or click', async () => {
    const el = await fixture<CannedResponses>(html`<canned-responses .responses=${responses}></canned-responses>`);
    const options = () =>
      [...el.shadowRoot!.querySelectorAll('[role=option]')].map((o) => o.querySelector('.title')!.textContent!.trim());
    expect(options().length).to.equal(3);
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'Account';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(options()).to.have.length(1);
    select.value = '';
    select.dispatchEvent(new Event('change'));
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'refund';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(options().length).to.equal(2);
    // Arrow down, Enter: the second match.
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[aria-selected=true] .title')!.textContent).to.contain('Refund policy');
    setTimeout(() =>
      search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })),
    );
    const ev = (await oneEvent(el, 'sc-select')) as CustomEvent<{ response: CannedResponse }>;
    expect(ev.detail.response.title).to.equal('Refund policy');
    setTimeout(() => (el.shadowRoot!.querySelector('[role=option]') as HTMLElement).click());
    const clicked = (await oneEvent(el, 'sc-select')) as CustomEvent<{ response: CannedResponse }>;
    expect(clicked.detail.response.title).to.equal('Refund issued');
  });

  it('labels its controls and renders titles and content as text', async () => {
    const hostile = canned({
      title: '<img src=x onerror="window.__xss=1">',
      content: '<script>window.__xss=1</script>',
    });
    const el = await fixture<CannedResponses>(html`<canned-responses .responses=${[hostile]}></canned-responses>`);
    expect(el.shadowRoot!.querySelector('input[type=search]')!.getAttribute('aria-label')).to.equal(
      'Search canned responses',
    );
    expect(el.shadowRoot!.querySelector('[role=listbox]')!.getAttribute('aria-label')).to.equal('Canned responses');
    expect(el.shadowRoot!.querySelector('.title')!.textContent).to.contain('<img src=x');
    expect(el.shadowRoot!.querySelectorAll('img, script').length).to.equal(0);
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
  });
});

describe('<sc-business-hours>', () => {
  it("reads a server refusal as the row it is about, and names the field's reason there", async () => {
    await import('../src/sc-business-hours.js');
    const { fieldErrorsOf } = await import('../src/modal.js');
    expect(
      fieldErrorsOf(
        { details: [{ path: 'body.businessHours.days.2.to', message: 'must end after it starts' }] },
        'businessHours',
      ),
    ).to.deep.equal({ days: 'must end after it starts', 'days.2.to': 'must end after it starts' });
    const hours = {
      enabled: true,
      timeZone: 'Europe/Berlin',
      days: Array.from({ length: 7 }, (_, i) => ({ open: i < 5, from: '09:00', to: '17:00' })),
      holidays: [],
    };
    const site = {
      id: crypto.randomUUID(),
      siteKey: 'site_x',
      businessHours: hours,
      hoursNow: { withinBusinessHours: false, nextOpenAt: '2026-12-07T08:00:00.000Z' },
    } as unknown as Site;
    const client = new SupportChatClient({
      baseUrl: '',
      fetch: async () =>
        Response.json(
          {
            error: {
              code: 'VALIDATION_ERROR',
              message: 'Invalid body',
              details: [{ path: 'body.businessHours.days.2.to', message: 'must end after it starts' }],
            },
          },
          { status: 400 },
        ),
    });
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<sc-business-hours .client=${client} .site=${site}></sc-business-hours>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('.now')!.textContent!.replace(/\s+/g, ' ')).to.match(
      /away, back Monday, Dec 7, 09:00 AM \(Europe\/Berlin\)\./,
    );
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(texts(root, 'tr .field-error')).to.deep.equal(['must end after it starts']);
    expect(root.querySelector('#day-err-2')).to.not.equal(null);
    expect(root.querySelector('input[aria-label="Wednesday to"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(texts(root, '[role=alert]')).to.deep.equal(['Some hours need a look (marked below).']);
  });
});

describe('Notifier', () => {
  it('alerts only in the background, only for what the agent wants, with a tone only if they want one', async () => {
    const { Notifier } = await import('../src/notify.js');
    const n = new Notifier('Console');
    expect(n.alert('queued', 'New chat waiting', 'x', 't1')).to.equal(false); // the console is in front
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    try {
      expect(n.alert('queued', 'New chat waiting', 'x', 't1')).to.equal(true);
      n.settings = { ...n.settings, queued: false, sound: false };
      expect(n.alert('queued', 'New chat waiting', 'x', 't1')).to.equal(false);
      expect(n.alert('assigned', 'New chat assigned to you', 'x', 't2')).to.equal(true);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
  });
});

describe('<canned-responses mode="manage">', () => {
  const teamId = crypto.randomUUID();
  const rows = () => [
    canned({
      title: 'Zebra',
      category: 'Billing',
      usageCount: 2,
      lastUsedAt: '2026-12-01T10:00:00.000Z',
      teamId,
      teamName: 'Billing desk',
    }),
    canned({ title: 'Apple', category: 'Account', usageCount: 7 }),
    canned({ title: '<b>Mine</b>', category: 'Billing', agentId: ME }),
  ];

  async function manager() {
    const calls: { method: string; url: string; body: unknown }[] = [];
    let list = rows();
    const client = new SupportChatClient({
      baseUrl: '',
      fetch: async (url, init) => {
        const method = init?.method ?? 'GET';
        const body = init?.body ? JSON.parse(String(init.body)) : null;
        calls.push({ method, url: String(url), body });
        if (method === 'PUT' && String(url).includes('/categories/')) {
          list = list.map((r) => (r.category === 'Billing' && r.agentId === null ? { ...r, category: body.name } : r));
          return Response.json({ renamed: 1 });
        }
        return Response.json({ cannedResponses: list });
      },
    });
    const el = await fixture<CannedResponses>(
      html`<canned-responses mode="manage" .client=${client} can-share agent-id=${ME}
        .teams=${[{ id: teamId, name: 'Billing desk' }]}></canned-responses>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('tbody'));
    return { el, root: el.shadowRoot!, calls };
  }
  const titles = (root: ParentNode) => texts(root, 'tbody td:first-child strong');
  const header = (root: ParentNode, label: string) =>
    [...root.querySelectorAll('th')].find((th) => th.textContent!.includes(label))!;

  it('lists every reply with who may use it, uses and last use, most used first, as text', async () => {
    const { root } = await manager();
    expect(titles(root)).to.deep.equal(['Apple', 'Zebra', '<b>Mine</b>']);
    expect(texts(root, 'tbody td:nth-child(3)')).to.deep.equal(['Every agent', 'Team Billing desk', 'Only its author']);
    expect(texts(root, 'tbody td:nth-child(4)')).to.deep.equal(['7', '2', '0']);
    expect(texts(root, 'tbody td:nth-child(5)')).to.deep.include('never');
    expect(root.querySelectorAll('tbody b').length).to.equal(0);
    expect(header(root, 'Uses').getAttribute('aria-sort')).to.equal('descending');
  });

  it('sorts by a column header (again: the other way), ties A to Z', async () => {
    const { el, root } = await manager();
    header(root, 'Reply').querySelector('button')!.click();
    await el.updateComplete;
    expect(titles(root)).to.deep.equal(['<b>Mine</b>', 'Apple', 'Zebra']);
    expect(header(root, 'Reply').getAttribute('aria-sort')).to.equal('ascending');
    header(root, 'Reply').querySelector('button')!.click();
    await el.updateComplete;
    expect(titles(root)).to.deep.equal(['Zebra', 'Apple', '<b>Mine</b>']);
    header(root, 'Last used').querySelector('button')!.click();
    await el.updateComplete;
    // Newest first; the never-used ones after, A to Z.
    expect(titles(root)).to.deep.equal(['Zebra', '<b>Mine</b>', 'Apple']);
  });

  it('filters by category and by who may use it; renames a category for everyone it reaches', async () => {
    const { el, root, calls } = await manager();
    const chip = (label: string) =>
      [...root.querySelectorAll<HTMLButtonElement>('.cats button')].find((b) =>
        b.textContent!.trim().startsWith(label),
      )!;
    expect(texts(root, '.cats button')).to.deep.equal(['All (3)', 'Account (1)', 'Billing (2)']);
    chip('Billing').click();
    await el.updateComplete;
    expect(titles(root)).to.deep.equal(['Zebra', '<b>Mine</b>']);
    const audience = root.querySelector<HTMLSelectElement>('select[aria-label="Who can use it"]')!;
    audience.value = 'mine';
    audience.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(root)).to.deep.equal(['<b>Mine</b>']);
    audience.value = teamId;
    audience.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(titles(root)).to.deep.equal(['Zebra']);

    chip('Rename').click();
    await el.updateComplete;
    const input = root.querySelector<HTMLInputElement>('form.rename input[name=name]')!;
    expect(input.value).to.equal('Billing');
    input.value = 'Invoices';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    setTimeout(() => root.querySelector<HTMLFormElement>('form.rename')!.requestSubmit());
    const saved = (await oneEvent(el, 'sc-saved')) as CustomEvent<{ done: string }>;
    expect(saved.detail.done).to.equal('“Billing” is now “Invoices” (1 reply)');
    expect(calls.filter((c) => c.method === 'PUT')).to.deep.equal([
      { method: 'PUT', url: '/api/canned-responses/categories/Billing', body: { name: 'Invoices' } },
    ]);
    await el.updateComplete;
    expect(texts(root, '.cats button')).to.deep.equal([
      'All (3)',
      'Account (1)',
      'Billing (1)',
      'Invoices (1)',
      'Rename “Invoices”…',
    ]);
  });
});

describe('<sc-composer>', () => {
  it('completes /shortcut from the keyboard (own replies first) and fires sc-canned; Enter sends, Shift+Enter does not', async () => {
    expect(completeShortcut(responses, 'refund').map((r) => r.shortcut)).to.deep.equal(['refund-policy', 'refund']);
    const el = await fixture<ChatComposer>(html`<sc-composer .canned=${responses}></sc-composer>`);
    const ta = el.shadowRoot!.querySelector('textarea')!;
    ta.value = 'Hi /res';
    ta.selectionStart = ta.selectionEnd = ta.value.length;
    ta.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const opts = el.shadowRoot!.querySelectorAll('[role=option]');
    expect(opts.length).to.equal(1);
    expect(ta.getAttribute('aria-activedescendant')).to.equal('opt-0');
    setTimeout(() =>
      ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true })),
    );
    const chosen = (await oneEvent(el, 'sc-canned')) as CustomEvent<{ response: CannedResponse }>;
    expect(chosen.detail.response.shortcut).to.equal('reset');
    // The /res token is gone; the console inserts the filled text where it was.
    expect(el.value).to.equal('Hi ');
    el.insert('use the link :+1:');
    await el.updateComplete;
    ta.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, composed: true, cancelable: true }),
    );
    setTimeout(() =>
      ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true })),
    );
    const sent = (await oneEvent(el, 'sc-send')) as CustomEvent<{ content: string; isPrivate: boolean }>;
    expect(sent.detail).to.deep.equal({ content: 'Hi use the link 👍', isPrivate: false });
    expect(el.value).to.equal('');
  });

  it('writes private notes when switched, says so, and sends no typing for them', async () => {
    const el = await fixture<ChatComposer>(html`<sc-composer></sc-composer>`);
    const typing: boolean[] = [];
    el.addEventListener('sc-typing', (e) => typing.push((e as CustomEvent<{ isTyping: boolean }>).detail.isTyping));
    el.toggleNote();
    await el.updateComplete;
    const ta = el.shadowRoot!.querySelector('textarea')!;
    expect(ta.getAttribute('aria-label')).to.equal('Private note (only agents see it)');
    expect(el.shadowRoot!.querySelector('button[aria-pressed=true]')!.textContent).to.contain('Private note');
    ta.value = 'internal only';
    ta.dispatchEvent(new Event('input'));
    setTimeout(() => el.send());
    const sent = (await oneEvent(el, 'sc-send')) as CustomEvent<{ content: string; isPrivate: boolean }>;
    expect(sent.detail).to.deep.equal({ content: 'internal only', isPrivate: true });
    expect(typing).to.deep.equal([]);
  });
});

describe('<sc-thread>', () => {
  it('renders a 1,000-message conversation one page at a time, and more on request', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) => message(i + 1));
    const el = await fixture<MessageThread>(html`<sc-thread style="height:300px" .messages=${messages}></sc-thread>`);
    expect(el.shadowRoot!.querySelectorAll('li').length).to.equal(100);
    expect(el.shadowRoot!.querySelector('li:last-child')!.getAttribute('data-seq')).to.equal('1000');
    // Pinned to the newest message.
    expect(el.scrollTop + el.clientHeight).to.be.closeTo(el.scrollHeight, 2);
    el.showEarlier();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('li').length).to.equal(200);
    // Past what is in memory, it asks for the server's earlier page.
    const small = await fixture<MessageThread>(html`<sc-thread has-more .messages=${messages.slice(-10)}></sc-thread>`);
    setTimeout(() => small.showEarlier());
    await oneEvent(small, 'sc-load-earlier');
  });

  it('marks notes, receipts and system messages; renders hostile text, names and file names as text; no foreign images', async () => {
    const el = await fixture<MessageThread>(
      html`<sc-thread .messages=${[
        message(1, { content: '<img src=x onerror="window.__xss=1">', senderName: '<b onclick=x>Eve</b>' }),
        message(2, { senderType: 'agent', senderName: 'Alex', content: 'Internal', isPrivate: true }),
        message(3, { senderType: 'agent', senderName: 'Alex', content: 'Hello', readAt: new Date().toISOString() }),
        message(4, { senderType: 'system', messageType: 'system', content: 'Alex joined the chat' }),
        message(5, {
          content: '',
          attachments: [
            { url: 'https://tracker.example/pixel.png', name: 'pixel.png', mimeType: 'image/png', size: 1 },
            {
              url: 'javascript:window.__xss=1',
              name: '"><svg onload=window.__xss=1>',
              mimeType: 'application/pdf',
              size: 1,
            },
            {
              url: '/api/uploads/00000000-0000-4000-8000-000000000009',
              name: 'photo.png',
              mimeType: 'image/png',
              size: 1,
            },
          ],
        }),
      ]}></sc-thread>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('li[data-seq="1"] .text')!.textContent).to.equal('<img src=x onerror="window.__xss=1">');
    expect(root.querySelector('li[data-seq="1"] .who')!.textContent).to.equal('<b onclick=x>Eve</b>');
    expect(root.querySelector('li.note')!.textContent).to.contain('Private note');
    expect(root.querySelector('li[data-seq="3"] .receipt')!.textContent).to.equal('Read');
    expect(root.querySelector('li.system')!.textContent).to.contain('Alex joined the chat');
    // Only our own uploads show inline; a visitor's URL is a link, a javascript: URL is not even that.
    const imgs = [...root.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(imgs).to.deep.equal(['/api/uploads/00000000-0000-4000-8000-000000000009']);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.not.include(
      'javascript:window.__xss=1',
    );
    expect(root.textContent).to.contain('"><svg onload=window.__xss=1>');
    expect(root.querySelectorAll('svg, script').length).to.equal(0);
    expect(root.querySelector('[role=log]')!.getAttribute('aria-label')).to.equal('Messages');
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
  });
});

describe('SLA status', () => {
  // First answer due at 10:00, resolution at 12:00.
  const at = (iso: string) => new Date(iso).getTime();
  const t = (
    over: Partial<{ firstResponseAt: string | null; resolvedAt: string | null; closedAt: string | null }>,
  ) => ({
    firstResponseDueAt: '2026-01-01T10:00:00.000Z',
    slaDueAt: '2026-01-01T12:00:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedIntoId: null,
    ...over,
  });
  const state = (s: ReturnType<typeof slaStatus>) => `${s.state} ${s.target} ${s.dueAt.slice(11, 16)}`;
  it('counts toward the first answer, then the resolution; a missed target stays missed', () => {
    expect(state(slaStatus(t({}), at('2026-01-01T09:59:00.000Z')))).to.equal('open first answer 10:00');
    expect(state(slaStatus(t({}), at('2026-01-01T10:01:00.000Z')))).to.equal('breached first answer 10:00');
    const answered = { firstResponseAt: '2026-01-01T09:30:00.000Z' };
    expect(state(slaStatus(t(answered), at('2026-01-01T11:00:00.000Z')))).to.equal('open resolution 12:00');
    expect(state(slaStatus(t(answered), at('2026-01-01T12:01:00.000Z')))).to.equal('breached resolution 12:00');
    expect(state(slaStatus(t({ ...answered, resolvedAt: '2026-01-01T11:30:00.000Z' })))).to.equal(
      'met resolution 12:00',
    );
    // Answered late, then resolved in time: the first answer's breach is kept.
    expect(
      state(slaStatus(t({ firstResponseAt: '2026-01-01T10:30:00.000Z', resolvedAt: '2026-01-01T11:00:00.000Z' }))),
    ).to.equal('breached first answer 10:00');
    // Closed without an answer after both were due: breached.
    expect(state(slaStatus(t({ closedAt: '2026-01-02T00:00:00.000Z' })))).to.equal('breached first answer 10:00');
    // Resolved without an answer, in time: met.
    expect(state(slaStatus(t({ resolvedAt: '2026-01-01T09:00:00.000Z' })))).to.equal('met resolution 12:00');
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: Partial<KeyboardEvent>) => ({
    key: '',
    code: '',
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    ...k,
  });

  it('reads the same table the help dialog lists: every Alt entry there is what a key press does', () => {
    for (const s of shortcuts) {
      for (const [code, action] of Object.entries(s.alt ?? {})) {
        expect(actionFor(key({ altKey: true, code, key: 'ß' }), true), s.keys).to.equal(action);
      }
    }
  });

  it('uses the physical key for Alt, "?" only when not typing, Escape always, and nothing with Ctrl or Meta', () => {
    // On a Mac, Alt+K types "˚": the code still says KeyK.
    expect(actionFor(key({ altKey: true, code: 'KeyK', key: '˚' }), false)).to.equal('canned');
    expect(actionFor(key({ key: '?' }), false)).to.equal('help');
    expect(actionFor(key({ key: '?' }), true)).to.equal(undefined);
    expect(actionFor(key({ key: 'Escape' }), true)).to.equal('dismiss');
    expect(actionFor(key({ altKey: true, ctrlKey: true, code: 'KeyR' }), false)).to.equal(undefined);
    expect(actionFor(key({ key: 'k' }), false)).to.equal(undefined);
  });
});

const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: '00000000-0000-4000-8000-000000000001',
  siteId: '00000000-0000-4000-8000-000000000099',
  customerId: 'cust-1',
  customerName: 'Cora Customer',
  customerEmail: null,
  customerVerified: false,
  agentId: ME,
  agentName: 'Me',
  teamId: null,
  status: 'active',
  channel: 'web',
  subject: 'Order 4711',
  priority: 'medium',
  metadata: {},
  queuedAt: null,
  queuedSeconds: 0,
  lastSeq: 0,
  startedAt: new Date().toISOString(),
  lastMessageAt: null,
  firstResponseAt: null,
  assignedAt: null,
  resolvedAt: null,
  closedAt: null,
  mergedIntoId: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

/** The SDK over one canned HTTP answer, recording what it was asked. */
function answering(status: number, body: unknown) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const client = new SupportChatClient({
    baseUrl: '',
    fetch: async (url, init) => {
      calls.push({
        url: String(url),
        method: init?.method ?? 'GET',
        body: init?.body ? JSON.parse(String(init.body)) : null,
      });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, calls };
}

const texts = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll(selector)].map((n) => n.textContent!.replace(/\s+/g, ' ').trim());

describe('<sc-chat-lists>', () => {
  it('lists the queue with waiting times and my chats with unread counts; Accept is off with the reason at capacity', async () => {
    const queued = conversation({
      id: crypto.randomUUID(),
      customerName: 'Quinn Queue',
      agentId: null,
      status: 'queued',
    });
    const el = await fixture<ChatLists>(
      html`<sc-chat-lists .queue=${[
        { conversation: queued, position: 1, waitingSeconds: 42, estimatedWaitSeconds: null },
      ]} .queueAt=${1_000} .now=${61_000} .chats=${[{ conversation: conversation(), unread: 3 }]}></sc-chat-lists>`,
    );
    const root = el.shadowRoot!;
    expect(texts(root, '.queue-item .row > *')).to.deep.equal(['Quinn Queue', 'waiting 1 min']);
    expect(root.querySelector('[aria-labelledby=mine-h] .badge')!.getAttribute('aria-label')).to.equal('3 unread');
    setTimeout(() => root.querySelector<HTMLButtonElement>('.queue-item button.primary')!.click());
    expect((await oneEvent(el, 'sc-accept')).detail).to.deep.equal({ conversationId: queued.id });
    setTimeout(() => root.querySelector<HTMLButtonElement>('[aria-labelledby=mine-h] .item')!.click());
    expect((await oneEvent(el, 'sc-open-conversation')).detail.conversation.customerName).to.equal('Cora Customer');

    el.capacityText = 'You have 1 of 1 chats: resolve or transfer one to take another.';
    await el.updateComplete;
    expect(root.querySelector<HTMLButtonElement>('.queue-item button.primary')!.disabled).to.equal(true);
    expect(texts(root, '[role=note]')).to.deep.equal([el.capacityText]);
  });
});

describe('<sc-conversation>', () => {
  it('offers Transfer and Return only on my live chat, and asks the console for each action', async () => {
    const el = await fixture<ConversationPane>(
      html`<sc-conversation agent-id=${ME} .conversation=${conversation()}></sc-conversation>`,
    );
    // What may be done with the chat (the panes' buttons, shown by width, are apart: below).
    const actions = 'header button:not(.back):not(.customer)';
    const buttons = () => texts(el.shadowRoot!, actions);
    expect(buttons()).to.deep.equal(['Transfer', 'Return to queue', 'Create ticket', 'Resolve', 'Close']);
    const asked: string[] = [];
    el.addEventListener('sc-action', (e) => asked.push(e.detail.action));
    for (const b of el.shadowRoot!.querySelectorAll<HTMLButtonElement>(actions)) b.click();
    expect(asked).to.deep.equal(['transfer', 'return', 'ticket', 'resolve', 'close']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('header button.back')!.click();
    el.shadowRoot!.querySelector<HTMLButtonElement>('header button.customer')!.click();
    expect(asked.slice(-2)).to.deep.equal(['back', 'customer']);

    el.conversation = conversation({ agentId: OTHER, status: 'resolved' });
    await el.updateComplete;
    expect(buttons()).to.deep.equal(['Create ticket', 'Close']);
    el.conversation = conversation({ agentId: null, status: 'queued' });
    await el.updateComplete;
    expect(buttons()).to.deep.equal(['Accept', 'Create ticket', 'Resolve', 'Close']);
  });

  it('finds in the conversation through the API and lists the matches newest first', async () => {
    const { client, calls } = answering(200, {
      messages: [message(3, { content: 'refund please' }), message(9, { content: 'refund done?' })],
      hasMore: false,
    });
    const el = await fixture<ConversationPane>(
      html`<sc-conversation .client=${client} agent-id=${ME} .conversation=${conversation()}></sc-conversation>`,
    );
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'refund';
    input.form!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(calls[0]!.url).to.equal('/api/chat/00000000-0000-4000-8000-000000000001/messages?q=refund&limit=50');
    expect(texts(el.shadowRoot!, '.found .row span')).to.deep.equal(['2 matches for “refund”']);
    expect(texts(el.shadowRoot!, '.found li').map((t) => t.split(' ').at(-1))).to.deep.equal(['done?', 'please']);
  });
});

describe('console dialogs', () => {
  it('the help dialog lists every shortcut of the table the keys use', async () => {
    const el = await fixture(html`<sc-help-dialog></sc-help-dialog>`);
    expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    expect(texts(el.shadowRoot!, 'kbd')).to.deep.equal(shortcuts.map((s) => s.keys));
  });

  it('closing a conversation: a refusal stays in the dialog in the server’s words; success reports and closes', async () => {
    const refused = answering(409, {
      error: { code: 'INVALID_TRANSITION', message: 'The conversation is already closed', details: {} },
    });
    const el = await fixture<CloseDialog>(
      html`<sc-close-dialog .client=${refused.client} .conversation=${conversation()}></sc-close-dialog>`,
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(texts(el.shadowRoot!, '[role=alert]')).to.deep.equal(['The conversation is already closed']);
    expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);

    const closed = conversation({ status: 'closed' });
    const ok = answering(200, { conversation: closed });
    el.client = ok.client;
    const changed = oneEvent(el, 'sc-conversation');
    const gone = oneEvent(el, 'sc-close');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.danger')!.click();
    expect((await changed).detail).to.deep.equal({ conversation: closed, done: 'Closed' });
    await gone;
    expect(ok.calls).to.deep.equal([
      { url: '/api/chat/00000000-0000-4000-8000-000000000001', method: 'PUT', body: { status: 'closed' } },
    ]);
    expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
  });
});

describe('ToastController and ClockController', () => {
  class Host extends LitElement {
    readonly toast = new ToastController(this, 30);
    readonly clock = new ClockController(this, 20);
    renders = 0;
    override render() {
      this.renders++;
      return html`${this.toast.text}`;
    }
  }
  customElements.define('test-controllers-host', Host);

  it('shows one status line, replaced by the next and gone after its time; the clock re-renders its host', async () => {
    const el = await fixture<Host>(html`<test-controllers-host></test-controllers-host>`);
    el.toast.say('Transferred');
    el.toast.say('Ticket created');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('Ticket created');
    await new Promise((r) => setTimeout(r, 60));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('');
    const before = el.renders;
    await new Promise((r) => setTimeout(r, 50));
    expect(el.renders).to.be.greaterThan(before);
    expect(Date.now() - el.clock.now).to.be.lessThan(1000);
  });
});

describe('<sc-console-header>', () => {
  it('shows my unread count on Inbox and the connection when it is not live, and asks for views and status', async () => {
    const el = await fixture<ConsoleHeader>(
      html`<sc-console-header .unread=${4} .connection=${'long-polling'} .status=${'online'} agent-name="Alex"></sc-console-header>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('nav .badge')!.getAttribute('aria-label')).to.equal('4 unread');
    expect(texts(root, '[role=status]')).to.deep.equal(['Live (polling)']);
    expect(root.querySelector('button[aria-current=page]')!.textContent).to.contain('Inbox');
    setTimeout(() => root.querySelectorAll<HTMLButtonElement>('nav button')[1]!.click());
    expect((await oneEvent(el, 'sc-view')).detail).to.deep.equal({ view: 'tickets' });
    const select = root.querySelector('select')!;
    select.value = 'away';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    expect((await oneEvent(el, 'sc-status')).detail).to.deep.equal({ status: 'away' });
    el.connection = 'open';
    await el.updateComplete;
    expect(root.querySelectorAll('[role=status]').length).to.equal(0);
  });

  it('speaks German once German is chosen and its catalogue is in, and English again after', async () => {
    const asked: string[] = [];
    // The page fetches de.js; here the module itself registers the catalogue the same way.
    const load = async (src: string) => {
      asked.push(src);
      await import('../src/de.js');
    };
    localStorage.setItem('support-chat:console-language', 'de');
    try {
      await loadStrings(load);
      expect(asked).to.deep.equal(['/console/de.js']);
      expect(document.documentElement.lang).to.equal('de');
      const el = await fixture<ConsoleHeader>(
        html`<sc-console-header .unread=${2} .connection=${'reconnecting'} .status=${'away'} agent-name="Alex"></sc-console-header>`,
      );
      const root = el.shadowRoot!;
      expect(texts(root, 'nav button').map((x) => x.replace(/\s+\d+$/, ''))).to.deep.equal([
        'Posteingang',
        'Tickets',
        'Unterhaltungen',
        'Berichte',
      ]);
      expect(root.querySelector('nav .badge')!.getAttribute('aria-label')).to.equal('2 ungelesen');
      expect(texts(root, '[role=status]')).to.deep.equal(['Verbinde neu…']);
      expect(root.querySelector<HTMLSelectElement>('select')!.selectedOptions[0]!.textContent).to.equal('abwesend');
      const help = await fixture(html`<sc-help-dialog></sc-help-dialog>`);
      expect(texts(help.shadowRoot!, 'td:not(:has(kbd))')[0]).to.equal('Senden (Umschalt+Enter für eine neue Zeile)');
      // Loaded once: asking again fetches nothing.
      await loadStrings(load);
      expect(asked).to.have.length(1);
    } finally {
      localStorage.setItem('support-chat:console-language', 'en');
      await loadStrings(load);
    }
    expect(document.documentElement.lang).to.equal('en');
    const back = await fixture<ConsoleHeader>(html`<sc-console-header></sc-console-header>`);
    expect(texts(back.shadowRoot!, 'nav button')[0]).to.equal('Inbox');
    localStorage.removeItem('support-chat:console-language');
  });
});

const agentRow = (over: Partial<Agent> = {}): Agent => ({
  id: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  name: 'Dana',
  email: 'dana@example.com',
  avatarUrl: null,
  phone: null,
  status: 'online',
  teamId: null,
  teamName: null,
  skills: [],
  teamIds: [],
  maxConcurrentChats: 4,
  activeChats: 1,
  totalChats: 9,
  averageRating: 0,
  averageResponseTime: 0,
  lastActiveAt: null,
  lastSeenAt: null,
  active: true,
  role: 'agent',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

describe('<sc-agent-dialog>', () => {
  it('shows each validation reason next to its field, and a generated password once after adding', async () => {
    const refused = answering(400, {
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid body',
        details: [
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.maxConcurrentChats', message: 'Too big: expected number to be <=100' },
        ],
      },
    });
    const el = await fixture<AgentDialog>(html`<sc-agent-dialog .client=${refused.client}></sc-agent-dialog>`);
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>('input[name=name]')!.value = 'Dana';
    root.querySelector<HTMLInputElement>('input[name=email]')!.value = 'not-an-email';
    root.querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(texts(root, '#err-email')).to.deep.equal(['Invalid email address']);
    expect(texts(root, '#err-maxConcurrentChats')).to.deep.equal(['Too big: expected number to be <=100']);
    expect(root.querySelector('input[name=email]')!.getAttribute('aria-describedby')).to.equal('err-email');
    expect(refused.calls[0]!.body).to.deep.include({
      name: 'Dana',
      email: 'not-an-email',
      maxConcurrentChats: 5,
      teamIds: [],
    });

    const agent = agentRow({ name: 'Dana' });
    const ok = answering(201, { agent, user: {}, initialPassword: 'Generated-pass-42' });
    el.client = ok.client;
    root.querySelector<HTMLInputElement>('input[name=email]')!.value = 'dana@example.com';
    const added = oneEvent(el, 'sc-agent');
    root.querySelector('form')!.requestSubmit();
    expect((await added).detail).to.deep.equal({ agent, created: true });
    await el.updateComplete;
    expect(texts(root, 'code.secret')).to.deep.equal(['Generated-pass-42']);
    expect(root.querySelector('dialog')!.open).to.equal(true);
  });

  it('generates hand-over passwords of 16 characters without look-alikes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = newPassword();
      expect(p).to.match(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
      seen.add(p);
    }
    expect(seen.size).to.equal(50);
  });
});

describe('<agent-management>', () => {
  it('lists agents with load and status, and offers no Deactivate on the signed-in admin', async () => {
    const me = agentRow({ name: 'Admin', role: 'admin', activeChats: 0 });
    const dana = agentRow({ name: 'Dana', skills: ['billing'], activeChats: 3, maxConcurrentChats: 4 });
    const gone = agentRow({ name: 'Eli', active: false, status: 'offline' });
    const client = new SupportChatClient({
      baseUrl: '',
      fetch: async (url) => {
        const answers: Record<string, unknown> = {
          '/api/agents': { agents: [me, dana, gone] },
          '/api/teams': { teams: [] },
          '/api/routing-rules': { rules: [] },
          '/api/agents/activity': {
            since: '2026-12-05T00:00:00.000Z',
            activity: [{ agentId: dana.id, assigned: 4, resolved: 3, replies: 1 }],
          },
        };
        const path = String(url).split('?')[0]!;
        if (path === '/api/agents/activity') expect(String(url)).to.match(/^\/api\/agents\/activity\?since=\d{4}-/);
        return new Response(JSON.stringify(answers[path] ?? {}), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const el = await fixture<AgentManagement>(
      html`<agent-management .client=${client} agent-id=${me.id}></agent-management>`,
    );
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const table = el.shadowRoot!.querySelector('sc-agents-table')!;
    await table.updateComplete;
    const root = table.shadowRoot!;
    expect(texts(root, 'tbody .who strong')).to.deep.equal(['Admin', 'Dana', 'Eli']);
    expect(texts(root, 'tbody .load')).to.deep.equal(['0 / 4', '3 / 4', '1 / 4']);
    expect(texts(root, 'tbody .today')).to.deep.equal(['nothing yet', '4 chats, 3 resolved1 reply', 'nothing yet']);
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    expect(texts(root, 'tbody .actions')).to.deep.equal(['Edit', 'Edit Deactivate', 'Edit Reactivate']);
    expect(texts(root, 'tbody tr.inactive .pill')).to.deep.equal(['deactivated']);
    el.applyPresence(dana.id, 'away');
    await el.updateComplete;
    await table.updateComplete;
    expect(root.querySelectorAll<HTMLSelectElement>('tbody select')[1]!.value).to.equal('away');
  });

  it('summarises an audit entry as the fields that changed, ids as names', () => {
    expect(
      auditSummary(
        { name: 'Billing', memberIds: ['a'], updatedAt: '1' },
        { name: 'Billing & refunds', memberIds: ['a', 'b'], updatedAt: '2' },
        (k, v) => (k === 'memberIds' ? (v as string[]).map((x) => x.toUpperCase()) : v),
      ),
    ).to.equal('name: "Billing" → "Billing & refunds"\nmemberIds: ["A"] → ["A","B"]');
    expect(auditSummary(null, { name: 'New', description: null, skills: [], id: 'x' })).to.equal('name: "New"');
    // Settings kept as objects: the sub-fields that changed, rows by position.
    const day = (to: string) => ({ open: true, from: '09:00', to });
    expect(
      auditSummary(
        {
          widget: { accentColor: '#2563eb', position: 'right' },
          businessHours: { days: [day('17:00'), day('17:00')] },
        },
        {
          widget: { accentColor: '#0f766e', position: 'right' },
          businessHours: { days: [day('17:00'), day('15:00')] },
        },
      ),
    ).to.equal('widget.accentColor: "#2563eb" → "#0f766e"\nbusinessHours.days.1.to: "17:00" → "15:00"');
  });
});

describe('routing rules', () => {
  it('reads key=value lines as the site attributes a rule matches, numbers and booleans typed', () => {
    expect(parseAttributes('plan=enterprise\nseats = 25\ntrial=false\n=oops\nnote=a=b\n')).to.deep.equal({
      plan: 'enterprise',
      seats: 25,
      trial: false,
      note: 'a=b',
    });
  });

  it('says in one line what a rule matches', () => {
    expect(describeConditions({})).to.equal('every chat');
    expect(
      describeConditions({
        channels: ['web', 'email'],
        keywords: ['refund'],
        pageUrlContains: ['/pricing'],
        attributes: { plan: 'pro' },
      }),
    ).to.equal('on web or email, mentions “refund”, page contains /pricing, plan = pro');
  });
});

describe('<sc-sla-settings>', () => {
  it('shows both targets per priority, most urgent first, and a refusal under the field it is about', async () => {
    const policy = {
      sla: {
        hours: { urgent: 1, high: 4, medium: 24, low: 72 },
        firstResponseMinutes: { urgent: 30, high: 60, medium: 240, low: 1440 },
        warnMinutes: 30,
        followBusinessHours: false,
        pauseWhileWaiting: false,
      },
    };
    let answer: [number, unknown] = [200, policy];
    const calls: unknown[] = [];
    const client = new SupportChatClient({
      baseUrl: '',
      fetch: async (_url, init) => {
        if (init?.body) calls.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify(answer[1]), {
          status: answer[0],
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const el = await fixture<SlaSettings>(html`<sc-sla-settings .client=${client}></sc-sla-settings>`);
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(texts(root, '.row .priority')).to.deep.equal(['Urgent', 'High', 'Medium', 'Low']);
    expect([...root.querySelectorAll<HTMLInputElement>('.row input')].map((i) => i.value)).to.deep.equal([
      '30',
      '1',
      '60',
      '4',
      '240',
      '24',
      '1440',
      '72',
    ]);
    expect(texts(root, '.row .hint')).to.deep.equal([
      'min',
      'hours',
      'min',
      'hours',
      'min (4 h)',
      'hours',
      'min (24 h)',
      'hours (3 d)',
    ]);

    answer = [
      400,
      {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Invalid body',
          details: [{ path: 'body.hours.high', message: 'Too small: expected number to be >=1' }],
        },
      },
    ];
    root.querySelector<HTMLInputElement>('input[name=high]')!.value = '0';
    root.querySelector<HTMLInputElement>('input[name=first-urgent]')!.value = '15';
    root.querySelector<HTMLInputElement>('input[name=pauseWhileWaiting]')!.checked = true;
    root.querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(calls.at(-1)).to.deep.equal({
      hours: { low: 72, medium: 24, high: 0, urgent: 1 },
      firstResponseMinutes: { low: 1440, medium: 240, high: 60, urgent: 15 },
      warnMinutes: 30,
      followBusinessHours: false,
      pauseWhileWaiting: true,
    });
    expect(texts(root, '.field-error')).to.deep.equal(['Too small: expected number to be >=1']);
    expect(root.querySelector('.field-error')!.id).to.equal('hint-high');
  });
});

describe('<sc-api-keys>', () => {
  it('shows a new key once, lists keys with their prefix, scope and last use, and revokes one', async () => {
    const key = (over: Partial<ApiKey>): ApiKey => ({
      id: crypto.randomUUID(),
      name: 'CRM sync',
      prefix: 'sck_ab12',
      scope: 'read',
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date().toISOString(),
      ...over,
    });
    const crm = key({});
    let list = [crm];
    const calls: string[] = [];
    const bodies: unknown[] = [];
    const client = new SupportChatClient({
      baseUrl: '',
      fetch: async (url, init) => {
        calls.push(`${init?.method ?? 'GET'} ${url}`);
        if (init?.body) bodies.push(JSON.parse(String(init.body)));
        const body =
          init?.method === 'POST'
            ? { apiKey: key({ name: 'Billing export' }), key: 'sck_ab12_secret-value' }
            : init?.method === 'DELETE'
              ? { apiKey: { ...crm, revokedAt: new Date().toISOString() } }
              : { apiKeys: list };
        return new Response(JSON.stringify(body), {
          status: init?.method === 'POST' ? 201 : 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const el = await fixture<ApiKeys>(html`<sc-api-keys .client=${client}></sc-api-keys>`);
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(texts(root, 'tbody td:nth-child(2)')).to.deep.equal(['sck_ab12…']);
    expect(texts(root, 'tbody td:nth-child(3)')).to.deep.equal(['Read only']);
    expect(texts(root, 'tbody td:nth-child(5)')).to.deep.equal(['never']);
    root.querySelector<HTMLInputElement>('input[name=name]')!.value = 'Billing export';
    root.querySelector<HTMLSelectElement>('select[name=scope]')!.value = 'agent';
    root.querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(texts(root, '.once code.secret')).to.deep.equal(['sck_ab12_secret-value']);
    expect(bodies).to.deep.equal([{ name: 'Billing export', scope: 'agent' }]);
    list = [{ ...crm, revokedAt: new Date().toISOString() }];
    root.querySelector<HTMLButtonElement>('button[aria-label="Revoke CRM sync"]')!.click();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(calls).to.include(`DELETE /api/api-keys/${crm.id}`);
    expect(root.querySelectorAll('button[aria-label="Revoke CRM sync"]').length).to.equal(0);
    expect(texts(root, 'tbody .pill')[0]).to.match(/^revoked /);
  });
});
