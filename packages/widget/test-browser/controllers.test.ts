// The widget's controllers on their own, in Chromium, over a client whose HTTP answers are scripted (the end-to-end
// tests in test/ run them against a real server): what is saved and forgotten, what a failed first message
// leaves, how the intro is decided, and `:shortcode:` completion.
import { expect, fixture, html } from '@open-wc/testing';
import { defaultWidgetSettings } from '@support-chat/protocol/constants';
import { SupportChatClient, type Conversation, type WidgetSettings } from '@support-chat/sdk';
import '../src/support-chat/support-chat.js';
import { repliesIn } from '../src/support-chat/views.js';
import { globMatch } from '../src/support-chat/proactive-controller.js';
import { stringsFor } from '../src/i18n.js';
import type { SupportChatElement } from '../src/support-chat/support-chat.js';

const ID = '00000000-0000-4000-8000-000000000001';
const conversation: Conversation = {
  id: ID,
  siteId: '00000000-0000-4000-8000-000000000099',
  customerId: 'c-7',
  customerName: 'Ada',
  customerEmail: 'ada@example.com',
  customerVerified: false,
  agentId: null,
  agentName: null,
  teamId: null,
  status: 'queued',
  channel: 'web',
  subject: 'Billing',
  priority: 'medium',
  metadata: {},
  queuedAt: null,
  queuedSeconds: 0,
  lastSeq: 1,
  startedAt: new Date().toISOString(),
  lastMessageAt: null,
  firstResponseAt: null,
  assignedAt: null,
  resolvedAt: null,
  closedAt: null,
  mergedIntoId: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

type Route = [number, unknown];

/** A client whose every request gets the scripted answer for `METHOD /path` (404 otherwise), recorded in order. */
function scripted(routes: Record<string, Route>) {
  const calls: { route: string; body: unknown }[] = [];
  const client = new SupportChatClient({
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (url, init) => {
      const route = `${init?.method ?? 'GET'} ${new URL(url).pathname}`;
      calls.push({ route, body: init?.body ? JSON.parse(String(init.body)) : null });
      const [status, body] = routes[route] ?? [404, { error: { code: 'NOT_FOUND', message: 'no', details: {} } }];
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, calls };
}

const KEY = 'support-chat:default';
const mount = () =>
  fixture<SupportChatElement>(html`<support-chat base-url="http://127.0.0.1:9" customer-id="c-7"></support-chat>`);

describe('ConversationController', () => {
  beforeEach(() => localStorage.clear());

  it('drops a saved value it cannot read instead of failing', async () => {
    localStorage.setItem(KEY, '{not json');
    const el = await mount();
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect(el.conversation.conversationId).to.equal(undefined);
  });

  it('starts the conversation with the first message, the identity and the subject, and saves the visitor', async () => {
    const el = await mount();
    const { client, calls } = scripted({ 'POST /api/chat/start': [201, { conversation, visitorToken: 'vt-1' }] });
    el.conversation.client = client;
    el.customerName = 'Ada';
    expect(await el.conversation.send('Hello there', 'Billing')).to.equal('sent');
    expect(calls[0]!.route).to.equal('POST /api/chat/start');
    expect(calls[0]!.body).to.deep.include({
      customerId: 'c-7',
      customerName: 'Ada',
      subject: 'Billing',
      message: 'Hello there',
    });
    expect(JSON.parse(localStorage.getItem(KEY)!)).to.deep.equal({ token: 'vt-1', conversationId: ID });
    expect(el.conversation.conversationId).to.equal(ID);
    expect(el.conversation.status).to.equal('queued');
    expect(el.conversation.pending).to.deep.equal([]);
    // Learned from the server: the address a transcript would go to.
    expect(el.customerEmail).to.equal('ada@example.com');

    // A new conversation keeps the visitor; reset forgets them.
    el.conversation.startNew();
    expect(JSON.parse(localStorage.getItem(KEY)!)).to.deep.equal({ token: 'vt-1' });
    expect([el.conversation.conversationId, el.conversation.status, el.conversation.messages]).to.deep.equal([
      undefined,
      null,
      [],
    ]);
    el.command('reset');
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect(el.conversation.client.token).to.equal(undefined);
  });

  it('a first message the server refuses leaves no "Sending…" line and says it failed', async () => {
    const el = await mount();
    el.conversation.client = scripted({
      'POST /api/chat/start': [400, { error: { code: 'VALIDATION_ERROR', message: 'bad', details: [] } }],
    }).client;
    el.intro.resumed();
    el.open = true;
    await el.updateComplete;
    const area = el.shadowRoot!.querySelector('textarea')!;
    area.value = 'Hello';
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(el.conversation.pending).to.deep.equal([]);
    expect(el.shadowRoot!.querySelectorAll('li.pending').length).to.equal(0);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Your message could not be sent.');
    expect(localStorage.getItem(KEY)).to.equal(null);
    // What they wrote is back in the box, to send again.
    expect(area.value).to.equal('Hello');
  });
});

describe('IntroController', () => {
  beforeEach(() => localStorage.clear());
  const availability = (over: object) => ({
    availability: {
      available: true,
      onlineAgents: 2,
      queueLength: 0,
      estimatedWaitSeconds: 30,
      email: true,
      originAllowed: true,
      withinBusinessHours: true,
      nextOpenAt: null,
      team: [],
      typicalReplySeconds: null,
      ...over,
    },
  });

  async function decided(over: object, identified: boolean, offlineMode: WidgetSettings['offlineMode'] = 'form') {
    const el = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_test" .site=${{ ...defaultWidgetSettings, offlineMode }}></support-chat>`,
    );
    if (identified) el.customerEmail = 'ada@example.com';
    el.conversation.client = scripted({ 'GET /api/sites/pk_test/availability': [200, availability(over)] }).client;
    await el.intro.decide();
    return el;
  }

  it('offers the offline form when nobody is online, the pre-chat form to an unknown visitor, else the chat', async () => {
    expect((await decided({ onlineAgents: 0, available: false }, true)).intro.step).to.equal('offline');
    expect((await decided({}, false)).intro.step).to.equal('prechat');
    const el = await decided({}, true);
    expect(el.intro.step).to.equal('none');
    expect(el.intro.availability).to.deep.equal({
      online: true,
      email: true,
      originAllowed: true,
      nextOpenAt: null,
      team: [],
      replySeconds: null,
    });
  });

  it('the home screen: greeting, who is online, how fast they answer, and a returning visitor’s conversations to pick up', async () => {
    const el = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_test" customer-email="ada@example.com"
        .site=${{ ...defaultWidgetSettings, greeting: 'Hi, Ada <b>!</b>' }}></support-chat>`,
    );
    const older = { ...conversation, id: '00000000-0000-4000-8000-000000000002', subject: null, status: 'resolved' };
    const { client, calls } = scripted({
      'GET /api/sites/pk_test/availability': [
        200,
        availability({
          team: [
            { name: 'Lena', avatarUrl: 'https://cdn.example.com/lena.png' },
            { name: 'Omar', avatarUrl: 'javascript:alert(1)' },
          ],
          typicalReplySeconds: 600,
        }),
      ],
      'GET /api/chat': [200, { conversations: [conversation, older], total: 2 }],
      [`GET /api/chat/${ID}/messages`]: [200, { messages: [], hasMore: false }],
      [`GET /api/chat/${ID}`]: [200, { conversation }],
    });
    client.token = 'vt-returning';
    el.conversation.client = client;
    el.open = true;
    await el.updateComplete;
    await el.intro.decide();
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('.home p')!.textContent).to.equal('Hi, Ada <b>!</b>');
    expect(root.querySelector('.home b')).to.equal(null);
    // Faces: the https avatar as an image, anything else as initials; names for screen readers.
    const faces = [...root.querySelectorAll('.faces li')];
    expect(faces.map((f) => f.querySelector('img')?.getAttribute('src') ?? f.textContent!.trim())).to.deep.equal([
      'https://cdn.example.com/lena.png',
      'OOmar',
    ]);
    expect(root.querySelector('.faces')!.getAttribute('aria-label')).to.equal('We are online');
    expect(root.querySelector('.team .sub')!.textContent).to.equal('Typically replies in under 15 minutes');
    const recent = [...root.querySelectorAll('.recent button')].map((b) => b.querySelector('.what')!.textContent);
    expect(recent).to.deep.equal(['Billing', 'Conversation']);
    expect(root.querySelectorAll('.recent .sub')[1]!.textContent).to.match(/· Ended$/);
    // The composer below starts a new chat; picking one continues it (and a reload comes back to it).
    expect(root.querySelector('textarea')).to.not.equal(null);
    (root.querySelector('.recent button') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(el.conversation.conversationId).to.equal(ID);
    expect(JSON.parse(localStorage.getItem('support-chat:pk_test')!)).to.deep.equal({
      token: 'vt-returning',
      conversationId: ID,
    });
    expect(root.querySelector('.home')).to.equal(null);
    expect(calls.map((c) => c.route)).to.include.members(['GET /api/chat', `GET /api/chat/${ID}/messages`]);
  });

  it('says how fast the team answers in steps, and nothing past a day', async () => {
    const t = stringsFor('en');
    expect([60, 301, 1800, 1801, 3 * 3600, 8 * 3600 + 1, 25 * 3600].map((s) => repliesIn(t, s))).to.deep.equal([
      'Typically replies in under 5 minutes',
      'Typically replies in under 15 minutes',
      'Typically replies in under 30 minutes',
      'Typically replies in under 2 hours',
      'Typically replies in under 4 hours',
      'Typically replies within a day',
      null,
    ]);
  });

  it('outside business hours the team is away whoever is signed in, and the header says when it is back', async () => {
    const back = new Date(Date.now() + 2 * 24 * 3600_000);
    back.setHours(9, 0, 0, 0);
    const el = await decided({ withinBusinessHours: false, available: false, nextOpenAt: back.toISOString() }, true);
    expect(el.intro.step).to.equal('offline');
    expect(el.intro.availability!.nextOpenAt!.getTime()).to.equal(back.getTime());
    el.open = true;
    await el.updateComplete;
    const weekday = back.toLocaleDateString(undefined, { weekday: 'long' });
    expect(el.shadowRoot!.querySelector('header .sub')!.textContent).to.match(
      new RegExp(`We reply by email · Back ${weekday} 09:00`),
    );
  });

  it('offline mode "chat" lets a visitor start a chat while away, and says the reply comes here', async () => {
    const el = await decided({ onlineAgents: 0, available: false }, true, 'chat');
    expect(el.intro.step).to.equal('none');
    el.open = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('header .sub')!.textContent!.trim()).to.equal(
      'We will reply here when we are back',
    );
    expect(el.shadowRoot!.querySelector('textarea')).to.not.equal(null);
  });

  it('offline mode "hide" hides the launcher while nobody can answer, and shows it when someone can', async () => {
    const el = await decided({ onlineAgents: 0, available: false }, true, 'hide');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.launcher')).to.equal(null);
    el.conversation.client = scripted({ 'GET /api/sites/pk_test/availability': [200, availability({})] }).client;
    await el.intro.read();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.launcher')).to.not.equal(null);
  });

  it('on a refused origin shows the visitor why and offers no composer', async () => {
    const el = await decided({ originAllowed: false }, true);
    el.open = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('not available on this page');
    expect(el.shadowRoot!.querySelector('textarea')).to.equal(null);
  });
});

describe('EmojiController', () => {
  it('turns a known :shortcode: into its emoji the moment the colon is typed, and leaves unknown ones', async () => {
    const el = await mount();
    const area = document.createElement('textarea');
    area.value = 'thanks :smile: and :nope:';
    area.selectionStart = area.selectionEnd = 'thanks :smile:'.length;
    el.emoji.complete(area);
    expect(area.value).to.equal('thanks 😄 and :nope:');
    expect(area.selectionStart).to.equal('thanks 😄'.length);
  });
});

describe('proactive messages', () => {
  beforeEach(() => localStorage.clear());
  const trigger = { id: 'pricing', urlPattern: '/pricing*', delaySeconds: 0, message: 'Questions about plans?' };
  const tick = () => new Promise((r) => setTimeout(r, 20));
  async function mounted(triggers = [trigger], path = '/pricing?plan=team') {
    const el = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_pro"></support-chat>`,
    );
    el.proactive.arm(triggers, path, 0);
    await tick();
    await el.updateComplete;
    return el;
  }

  it('matches paths with * for anything, and nothing else', () => {
    const cases: [string, string, boolean][] = [
      ['/pricing*', '/pricing', true],
      ['/pricing*', '/pricing/team?x=1', true],
      ['/pricing', '/pricing/team', false],
      ['/docs/*/billing', '/docs/v2/billing', true],
      ['/docs/*/billing', '/docs/v2/billing/more', false],
      ['/*', '/', true],
      ['/a.b', '/aXb', false],
      ['/*a*a*a*a*a*a*b', `/${'a'.repeat(2000)}`, false],
    ];
    for (const [pattern, path, expected] of cases)
      expect(globMatch(pattern, path), `${pattern} ${path}`).to.equal(expected);
  });

  it('shows the message beside the closed launcher once per visitor, greets with it, and keeps quiet elsewhere', async () => {
    const el = await mounted();
    const root = el.shadowRoot!;
    expect(root.querySelector('.peek-text')!.textContent).to.equal('Questions about plans?');
    expect(root.querySelector('.peek-from')!.textContent).to.equal('Support');
    expect(root.querySelector('[role=status]')!.textContent).to.equal(
      'New message from Support: Questions about plans?',
    );
    // Opening shows the panel with it as the greeting; the bubble is gone for good.
    (root.querySelector('.peek-open') as HTMLButtonElement).click();
    await el.updateComplete;
    el.intro.resumed();
    await el.updateComplete;
    expect(root.querySelector('.home p')!.textContent).to.equal('Questions about plans?');
    el.open = false;
    await el.updateComplete;
    expect(root.querySelector('.peek')).to.equal(null);
    expect(JSON.parse(localStorage.getItem('support-chat:pk_pro:proactive')!)).to.deep.equal(['pricing']);

    // The same visitor on another page load: not again. Another page, another pattern: nothing.
    expect((await mounted()).shadowRoot!.querySelector('.peek')).to.equal(null);
    localStorage.clear();
    expect((await mounted([trigger], '/blog')).shadowRoot!.querySelector('.peek')).to.equal(null);
  });

  it('waits for the time on the page, and never interrupts an open panel or a conversation', async () => {
    const el = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_pro"></support-chat>`,
    );
    // 0.2 s of a 0.3 s delay already passed: it shows about 0.1 s from now, not at once.
    el.proactive.arm([{ ...trigger, delaySeconds: 0.3 as number }], '/pricing', 200);
    await tick();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.peek')).to.equal(null);
    await new Promise((r) => setTimeout(r, 150));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.peek')).to.not.equal(null);

    localStorage.clear();
    const open = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_pro" open></support-chat>`,
    );
    open.proactive.arm([trigger], '/pricing', 0);
    await tick();
    expect(open.proactive.message).to.equal(null);
    const chatting = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" site-key="pk_pro"></support-chat>`,
    );
    chatting.conversation.conversationId = ID;
    chatting.proactive.arm([trigger], '/pricing', 0);
    await tick();
    expect(chatting.proactive.message).to.equal(null);
    // Neither counted as shown: the visitor never saw it.
    expect(localStorage.getItem('support-chat:pk_pro:proactive')).to.equal(null);
  });

  it('a preview never fires (the admin console is not a visitor)', async () => {
    const el = await fixture<SupportChatElement>(
      html`<support-chat site-key="pk_pro" preview="online" .site=${{ ...defaultWidgetSettings, proactive: [trigger] }}></support-chat>`,
    );
    await tick();
    expect(el.proactive.message).to.equal(null);
  });
});
