// <support-chat> on its own, in Chromium: rendering, accessibility attributes, language, attributes and how it
// renders hostile text. (The end-to-end tests in test/ run it against a real server.)
import { expect, fixture, html } from '@open-wc/testing';
import '../src/support-chat/support-chat.js';
import type { SupportChatElement } from '../src/support-chat/support-chat.js';
import { defaultWidgetSettings } from '@support-chat/protocol/constants';
import type { Message } from '@support-chat/sdk';

const message = (over: Partial<Message>): Message => ({
  id: crypto.randomUUID(),
  conversationId: '00000000-0000-4000-8000-000000000000',
  seq: 1,
  senderType: 'agent',
  senderId: 'a',
  senderName: 'Agent',
  content: 'hi',
  messageType: 'text',
  attachments: [],
  clientMessageId: null,
  isPrivate: false,
  readAt: null,
  metadata: {},
  createdAt: new Date().toISOString(),
  ...over,
});

/** Shows these messages (and these still being sent) as if the server had sent them. */
async function show(el: SupportChatElement, messages: Message[], pending = el.conversation.pending) {
  el.conversation.messages = messages;
  el.conversation.pending = pending;
  el.requestUpdate();
  await el.updateComplete;
}

async function openChat(attrs = '') {
  const el = await fixture<SupportChatElement>(
    html`<support-chat base-url="http://127.0.0.1:9" site-key="" customer-name="Test"></support-chat>`,
  );
  if (attrs) el.setAttribute('position', attrs);
  el.intro.resumed();
  el.open = true;
  await el.updateComplete;
  return el;
}

describe('<support-chat>', () => {
  beforeEach(() => localStorage.clear());

  it('renders a labelled launcher that opens a labelled dialog with a live log', async () => {
    const el = await fixture<SupportChatElement>(html`<support-chat base-url="http://127.0.0.1:9"></support-chat>`);
    const launcher = el.shadowRoot!.querySelector('.launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    (launcher as HTMLButtonElement).click();
    await el.updateComplete;
    el.intro.resumed();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=dialog]')!.getAttribute('aria-label')).to.equal('Support');
    // Before the first message the home screen shows; then the live log.
    expect(el.shadowRoot!.querySelector('.home p')!.textContent).to.equal('Ask us anything — we are here to help.');
    await show(el, [message({})]);
    el.intro.resumed();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=log]')!.getAttribute('aria-live')).to.equal('polite');
    expect(launcher.getAttribute('aria-label')).to.equal('Close chat');
  });

  it('renders every message as text, never as markup', async () => {
    const el = await openChat();
    const corpus = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=1</script>',
      '<svg onload=window.__xss=1>',
    ];
    await show(
      el,
      corpus.map((content, i) => message({ content, seq: i + 1, senderName: '<b onclick=x>Eve</b>' })),
    );
    const texts = [...el.shadowRoot!.querySelectorAll('li .text')].map((n) => n.textContent);
    expect(texts).to.deep.equal(corpus);
    expect(el.shadowRoot!.querySelectorAll('li img, li script, li svg').length).to.equal(0);
    expect(el.shadowRoot!.querySelector('li .meta')!.textContent).to.equal('<b onclick=x>Eve</b>');
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
  });

  it('shows read receipts on your own messages and system messages apart', async () => {
    const el = await openChat();
    await show(el, [
      message({ senderType: 'customer', content: 'mine', readAt: new Date().toISOString() }),
      message({ senderType: 'customer', content: 'mine too', seq: 2 }),
      message({ senderType: 'system', messageType: 'system', content: 'Ann joined the chat', seq: 3 }),
    ]);
    const metas = [...el.shadowRoot!.querySelectorAll('li.customer .meta')].map((n) => n.textContent!.trim());
    expect(metas[0]).to.match(/Read$/);
    expect(metas[1]).to.match(/Delivered$/);
    expect(el.shadowRoot!.querySelector('li.system')!.textContent).to.equal('Ann joined the chat');
  });

  it("says the server's system lines in the visitor's language, and any other as written", async () => {
    const el = await openChat();
    el.locale = 'de';
    const system = (seq: number, content: string, metadata: Record<string, unknown>) =>
      message({ seq, senderType: 'system', messageType: 'system', senderName: 'System', content, metadata });
    await show(el, [
      system(1, 'Lena joined the chat', { system: 'joined', name: 'Lena' }),
      system(2, 'Transferred to Billing', { system: 'transferred', name: 'Billing' }),
      system(3, 'Lena is no longer available', { system: 'unavailable', name: 'Lena' }),
      system(4, 'Returned to the queue', { system: 'returned' }),
      system(5, 'Something new', { system: 'future-kind', name: 'X' }),
      system(6, '<b>as written</b>', {}),
    ]);
    expect([...el.shadowRoot!.querySelectorAll('li.system')].map((li) => li.textContent)).to.deep.equal([
      'Lena ist dem Chat beigetreten',
      'Weitergeleitet an Billing',
      'Lena ist nicht mehr verfügbar',
      'Wieder in der Warteschlange: die nächste freie Person antwortet',
      'Something new',
      '<b>as written</b>',
    ]);
  });

  it('groups consecutive messages by sender: the name once per group', async () => {
    const el = await openChat();
    await show(el, [
      message({ seq: 1, senderId: 'a1', senderName: 'Ann', content: 'one' }),
      message({ seq: 2, senderId: 'a1', senderName: 'Ann', content: 'two' }),
      message({ seq: 3, senderType: 'customer', senderId: 'c', content: 'me' }),
      message({ seq: 4, senderId: 'a1', senderName: 'Ann', content: 'three' }),
    ]);
    const names = [...el.shadowRoot!.querySelectorAll('li.agent')].map((li) => li.querySelectorAll('.meta').length);
    expect(names).to.deep.equal([2, 1, 2]);
  });

  it('shows a message as Sending… until the server has it', async () => {
    const el = await openChat();
    await show(el, [], [{ key: 'k', content: 'on its way' }]);
    const li = el.shadowRoot!.querySelector('li.pending')!;
    expect(li.querySelector('.text')!.textContent).to.equal('on its way');
    expect(li.querySelector('.meta')!.textContent).to.equal('Sending…');
    // Someone else's message with the same words is not this one: it stays pending.
    const other = message({ senderType: 'customer', content: 'on its way', clientMessageId: 'other-tab' });
    await show(el, [other]);
    expect(el.shadowRoot!.querySelectorAll('li.pending').length).to.equal(1);
    // The stored copy (its own retry key) replaces it, whatever the text became.
    await show(el, [
      other,
      message({ seq: 2, senderType: 'customer', content: 'on its way 🚚', clientMessageId: 'k' }),
    ]);
    expect(el.shadowRoot!.querySelectorAll('li.pending').length).to.equal(0);
  });

  it('speaks German with locale="de" and takes a plain accent colour only', async () => {
    const el = await openChat();
    el.locale = 'de';
    el.setAttribute('accent-color', 'rebeccapurple');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('textarea')!.getAttribute('placeholder')).to.equal('Nachricht schreiben…');
    expect(el.style.getPropertyValue('--sc-accent')).to.equal('rebeccapurple');
    el.setAttribute('accent-color', 'red;background:url(//evil.example)');
    await el.updateComplete;
    expect(el.style.getPropertyValue('--sc-accent')).to.equal('');
  });

  it('speaks French, Spanish, Portuguese and Arabic (by attribute or the browser), Arabic right to left', async () => {
    const el = await openChat();
    const panel = () => el.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    const placeholder = () => el.shadowRoot!.querySelector('textarea')!.getAttribute('placeholder');
    for (const [locale, text, lang] of [
      ['fr', 'Écrivez un message…', 'fr'],
      ['es-MX', 'Escribe un mensaje…', 'es'],
      ['pt-BR', 'Escreva uma mensagem…', 'pt'],
      ['ar', 'اكتب رسالة…', 'ar'],
      ['xx', 'Write a message…', 'en'],
    ] as const) {
      el.locale = locale;
      await el.updateComplete;
      expect(placeholder(), locale).to.equal(text);
      expect(panel().lang, locale).to.equal(lang);
      expect(panel().dir, locale).to.equal(lang === 'ar' ? 'rtl' : 'ltr');
    }
    // Right to left: the customer's own messages sit on the left, the agent's on the right.
    el.locale = 'ar';
    await show(el, [
      message({ seq: 1, senderType: 'customer', content: 'مرحبا' }),
      message({ seq: 2, content: 'أهلًا' }),
    ]);
    const box = (sel: string) => el.shadowRoot!.querySelector(sel)!.getBoundingClientRect();
    const log = box('.log');
    expect(box('li.customer').left - log.left).to.be.lessThan(20);
    expect(log.right - box('li.agent').right).to.be.lessThan(30);
    el.locale = 'en';
    await el.updateComplete;
    expect(log.right - box('li.customer').right).to.be.lessThan(30);
  });

  it("looks as the site's admin set it up: team name, greeting, colour, corner and launcher text, all as text", async () => {
    const site = {
      ...defaultWidgetSettings,
      accentColor: '#0f766e',
      position: 'left' as const,
      teamName: 'Acme <b>help</b>',
      greeting: '<img src=x onerror="window.__xss=1">Hi!',
      launcherText: 'Chat with us',
    };
    const el = await fixture<SupportChatElement>(
      html`<support-chat base-url="http://127.0.0.1:9" .site=${site}></support-chat>`,
    );
    const launcher = el.shadowRoot!.querySelector('.launcher')!;
    expect(launcher.className).to.equal('launcher left labelled');
    expect(launcher.querySelector('.label')!.textContent).to.equal('Chat with us');
    expect(el.style.getPropertyValue('--sc-accent')).to.equal('#0f766e');
    el.intro.resumed();
    el.open = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.panel')!.className).to.equal('panel left');
    expect(el.shadowRoot!.querySelector('header strong')!.textContent).to.equal('Acme <b>help</b>');
    expect(el.shadowRoot!.querySelector('[role=dialog]')!.getAttribute('aria-label')).to.equal('Acme <b>help</b>');
    expect(el.shadowRoot!.querySelector('.home p')!.textContent).to.equal(site.greeting);
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
    // The open launcher is the round close button, without the words.
    expect(el.shadowRoot!.querySelector('.launcher')!.className).to.equal('launcher left');
    // Attributes on the element (or the script tag) win over the site's settings.
    el.setAttribute('accent-color', '#be123c');
    el.setAttribute('position', 'right');
    await el.updateComplete;
    expect(el.style.getPropertyValue('--sc-accent')).to.equal('#be123c');
    expect(el.shadowRoot!.querySelector('.panel')!.className).to.equal('panel');
  });

  it('a preview shows a new chat as the settings make it, reads and sends nothing, and switches to away', async () => {
    const requests: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (async (input: RequestInfo | URL) => {
      requests.push(String(input));
      return new Response('{}', { status: 500 });
    }) as typeof fetch;
    try {
      const el = await fixture<SupportChatElement>(
        html`<support-chat site-key="pk_live" preview="online" open .site=${{ ...defaultWidgetSettings, greeting: 'Hello from Acme' }}></support-chat>`,
      );
      await el.updateComplete;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.home p')!.textContent).to.equal('Hello from Acme');
      expect(el.shadowRoot!.querySelector('header .sub')!.textContent!.trim()).to.equal('We are online');
      const area = el.shadowRoot!.querySelector('textarea')!;
      area.value = 'typed in the preview';
      area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      await el.updateComplete;
      expect(el.conversation.pending).to.deep.equal([]);
      el.preview = 'away';
      await el.updateComplete;
      await el.updateComplete;
      expect(el.intro.step).to.equal('offline');
      expect(el.shadowRoot!.querySelector('.intro')).to.not.equal(null);
      expect(requests).to.deep.equal([]);
      expect(localStorage.length).to.equal(0);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('identify sets the four identity keys and nothing else of the element', async () => {
    const el = await openChat();
    const before = { baseUrl: el.baseUrl, siteKey: el.siteKey, open: el.open };
    expect(() => el.command('identify', { customerId: 'c-1', baseUrl: 'https://evil.example', open: false })).to.throw(
      'unknown key baseUrl, open',
    );
    expect({ baseUrl: el.baseUrl, siteKey: el.siteKey, open: el.open }).to.deep.equal(before);
    expect(el.customerId).to.not.equal('c-1');
    el.command('identify', { customerId: 'c-2', customerName: 'Ada', customerEmail: 'ada@example.com' });
    expect([el.customerId, el.customerName, el.customerEmail]).to.deep.equal(['c-2', 'Ada', 'ada@example.com']);
    expect({ baseUrl: el.baseUrl, siteKey: el.siteKey, open: el.open }).to.deep.equal(before);
  });

  it('closes on Escape and returns focus to the launcher', async () => {
    const el = await openChat();
    el.shadowRoot!.querySelector('textarea')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await el.updateComplete;
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(el.shadowRoot!.activeElement?.className).to.equal('launcher');
  });
});
