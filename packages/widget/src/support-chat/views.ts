// The parts of the panel that are pure rendering: messages and their files, the pre-chat and offline forms, the
// rating form and the transcript offer. Each takes what it shows and what its buttons call; state stays in the
// element and its controllers. Every text is a Lit binding, so visitor and agent text is never parsed as HTML.
import { html, nothing, svg } from 'lit';
import { reactionEmojis, type Attachment, type Conversation, type Message } from '@support-chat/sdk';
import type { Strings } from '../i18n.js';
import { CHAT_ICON, CLOSE_ICON } from '../launcher.js';

const SMILE_ICON = 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01';
const CLIP_ICON = 'M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8';

/** One of the widget's icons: the launcher's paths, drawn with the attributes launcher.ts gives the loader's. */
const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${svg`<path d=${d}></path>`}</svg>`;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');

/** Only our own uploads are fetched or shown; links elsewhere are plain http(s) links (validated by the server). */
function attachment(a: Attachment, fileUrl: (a: Attachment) => string) {
  const ours = a.url.startsWith('/api/uploads/');
  const href = ours ? fileUrl(a) : a.url;
  if (ours && a.mimeType.startsWith('image/'))
    return html`<a href=${href} target="_blank" rel="noopener noreferrer"><img class="preview" src=${href} alt=${a.name} loading="lazy"></a>`;
  return html`<div><a href=${href} target="_blank" rel="noopener noreferrer">📎 ${a.name}</a></div>`;
}

/** The round button in the corner (the loader's launcher, now live): open/close, and unread count while closed. */
export function launcher(
  t: Strings,
  o: { open: boolean; unread: number; left: boolean; text: string; toggle: () => void },
) {
  const label = !o.open && o.text;
  const cls = ['launcher', o.left && 'left', label && 'labelled'].filter(Boolean).join(' ');
  const unread = !o.open && o.unread > 0;
  // The count is in the button's name ("Open chat (2)"); the badge drawn on its corner is a sibling, not its text.
  return html`<button class=${cls} type="button"
    aria-label=${o.open ? t.close : unread ? `${t.open} (${o.unread})` : t.open} aria-expanded=${String(o.open)} @click=${o.toggle}>${icon(o.open ? CLOSE_ICON : CHAT_ICON)}${
      label ? html`<span class="label">${o.text}</span>` : nothing
    }</button>${unread ? html`<span class=${o.left ? 'badge left' : 'badge'} aria-hidden="true">${o.unread}</span>` : nothing}`;
}

/**
 * The newest agent message beside the closed launcher: the bubble opens the chat, × puts it away. Screen readers hear
 * it through the live region the element keeps while closed (`peekAnnouncement`), so the bubble itself is not live.
 */
export function peek(
  t: Strings,
  m: { from: string; text: string },
  o: { left: boolean; onOpen: () => void; onDismiss: () => void },
) {
  return html`<div class=${o.left ? 'peek left' : 'peek'}>
    <button type="button" class="peek-open" @click=${o.onOpen}>
      <span class="peek-from">${m.from}</span><span class="peek-text">${m.text}</span></button>
    <button type="button" class="peek-close" aria-label=${t.dismiss} @click=${o.onDismiss}>${icon(CLOSE_ICON)}</button>
  </div>`;
}

/** A message as one short line: its words (cut at 140 characters), or that a file came. */
export function peekText(t: Strings, m: Message) {
  const words = m.content.trim().replace(/\s+/g, ' ');
  if (!words) return t.fileSent;
  return words.length > 140 ? `${words.slice(0, 139)}…` : words;
}

/** "Typically replies in under 15 minutes": the server's median first reply, rounded up to a step; nothing past a day. */
export function repliesIn(t: Strings, seconds: number): string | null {
  const minutes = seconds / 60;
  for (const step of [5, 15, 30]) if (minutes <= step) return t.repliesMinutes(step);
  for (const step of [2, 4, 8]) if (minutes <= step * 60) return t.repliesHours(step);
  return minutes <= 24 * 60 ? t.repliesDay : null;
}

/**
 * Before the first message: the greeting, who is online and how fast they typically answer, and a returning
 * visitor's earlier conversations to pick up again. The composer (or the pre-chat form) below it starts the chat.
 */
export function home(
  t: Strings,
  o: {
    greeting: string;
    team: { name: string; avatarUrl: string | null }[];
    replySeconds: number | null;
    recent: Conversation[];
    locale: string | undefined;
    onResume: (id: string) => void;
  },
) {
  const replies = o.replySeconds === null ? null : repliesIn(t, o.replySeconds);
  const day = (iso: string) => new Date(iso).toLocaleDateString(o.locale, { day: 'numeric', month: 'short' });
  return html`<div class="home">
    <p class="greeting">${o.greeting}</p>
    ${
      o.team.length || replies
        ? html`<div class="team">
          ${
            o.team.length
              ? html`<ul class="faces" aria-label=${t.online}>${o.team.map(
                  (a) =>
                    html`<li title=${a.name}>${
                      a.avatarUrl?.startsWith('https://')
                        ? html`<img src=${a.avatarUrl} alt="" loading="lazy">`
                        : html`<span aria-hidden="true">${initials(a.name)}</span>`
                    }<span class="sr-only">${a.name}</span></li>`,
                )}</ul>`
              : nothing
          }
          ${replies ? html`<span class="sub">${replies}</span>` : nothing}</div>`
        : nothing
    }
    ${
      o.recent.length
        ? html`<h2>${t.recent}</h2><ul class="recent">${o.recent.map(
            (c) => html`<li><button type="button" @click=${() => o.onResume(c.id)}>
            <span class="what">${c.subject || t.conversation}</span>
            <span class="sub">${day(c.lastMessageAt ?? c.startedAt)} · ${
              c.status === 'resolved' || c.status === 'closed' ? t.statusEnded : t.statusOpen
            }</span></button></li>`,
          )}</ul>`
        : nothing
    }
  </div>`;
}

/** Reacting: which message's palette is open, and what a press does (absent: the conversation takes none now). */
export interface Reacting {
  open: string | null;
  toggle(messageId: string): void;
  set(messageId: string, emoji: string, on: boolean): void;
}

/** The messages, then what is still being sent (until the stored copy with the same clientMessageId arrives). */
export function log(
  t: Strings,
  messages: Message[],
  pending: { key: string; content: string }[],
  locale: string | undefined,
  fileUrl: (a: Attachment) => string,
  reacting?: Reacting,
) {
  const waiting = pending.filter((p) => !messages.some((m) => m.clientMessageId === p.key));
  return html`<div class="log" role="log" aria-live="polite" aria-label=${t.messages}><ol>
    ${messages.length || waiting.length ? messages.map((m, i) => message(m, messages[i - 1], t, locale, fileUrl, reacting)) : html`<li class="system">${t.empty}</li>`}
    ${waiting.map((p) => html`<li class="customer pending"><div class="text">${p.content}</div><div class="meta">${t.sending}</div></li>`)}
  </ol></div>`;
}

/** A system line in the visitor's language when the server said what it means; else as the server wrote it. */
export function systemLineText(t: Strings, m: Pick<Message, 'content' | 'metadata'>) {
  const { system, name } = m.metadata as { system?: unknown; name?: unknown };
  const who = typeof name === 'string' ? name : '';
  if (system === 'joined' && who) return t.systemJoined(who);
  if (system === 'transferred' && who) return t.systemTransferred(who);
  if (system === 'unavailable' && who) return t.systemUnavailable(who);
  if (system === 'returned') return t.systemReturned;
  if (system === 'merged') return t.systemMerged;
  return m.content;
}

/** One message; consecutive messages from the same person form a group that names them once. */
function message(
  m: Message,
  previous: Message | undefined,
  t: Strings,
  locale: string | undefined,
  fileUrl: (a: Attachment) => string,
  reacting?: Reacting,
) {
  if (m.senderType === 'system') return html`<li class="system">${systemLineText(t, m)}</li>`;
  const mine = m.senderType === 'customer';
  const sameSender = previous && previous.senderType === m.senderType && previous.senderId === m.senderId;
  const time = new Date(m.createdAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return html`<li class=${mine ? 'customer' : 'agent'}>
    ${mine || sameSender ? nothing : html`<div class="meta">${m.senderName ?? t.someone}</div>`}
    ${m.content ? html`<div class="text">${m.content}</div>` : nothing}
    ${m.attachments.map((a) => attachment(a, fileUrl))}
    <div class="meta">${time}${mine ? html` · ${m.readAt ? t.read : t.delivered}` : nothing}</div>
    ${reactions(t, m, !mine, reacting)}
  </li>`;
}

/**
 * A message's reactions as buttons (pressed: the customer's own; pressing takes it back or adds it) and, on the
 * team's messages, a button that offers the set.
 */
function reactions(t: Strings, m: Message, offer: boolean, r: Reacting | undefined) {
  const list = m.reactions ?? [];
  if (!list.length && !(offer && r)) return nothing;
  const open = r?.open === m.id;
  return html`<div class="reactions">
    ${list.map((x) => {
      const mine = x.by.includes('customer');
      return html`<button type="button" class="reaction" aria-pressed=${String(mine)} ?disabled=${!r}
        aria-label=${`${x.emoji} ${t.reacted(x.by.length, mine)}`} @click=${() => r?.set(m.id, x.emoji, !mine)}>${x.emoji} ${x.by.length}</button>`;
    })}
    ${offer && r ? html`<button type="button" class="reaction add" aria-label=${t.react} aria-expanded=${String(open)} @click=${() => r.toggle(m.id)}>${icon(SMILE_ICON)}</button>` : nothing}
    ${
      open
        ? html`<div class="palette" role="group" aria-label=${t.react}>${reactionEmojis.map(
            (e) => html`<button type="button" @click=${() => r!.set(m.id, e, true)}>${e}</button>`,
          )}</div>`
        : nothing
    }
  </div>`;
}

export interface IntroFields {
  name?: string;
  email?: string;
}

/** A submitted form's trimmed fields (empty ones undefined); the page does not navigate. */
function fieldsOf(e: SubmitEvent) {
  e.preventDefault();
  const data = new FormData(e.target as HTMLFormElement);
  return (k: string) => String(data.get(k) ?? '').trim() || undefined;
}

/** Before the first message: the thank-you after an offline message, the offline form, or the pre-chat form. */
export function intro(
  kind: 'prechat' | 'offline' | 'offline-sent',
  t: Strings,
  o: {
    email: boolean;
    known: IntroFields;
    onPrechat: (fields: IntroFields & { subject?: string }) => void;
    onOffline: (fields: { name?: string; email: string; message: string }) => void;
  },
) {
  const prechat = (e: SubmitEvent) => {
    const f = fieldsOf(e);
    o.onPrechat({ name: f('name'), email: f('email'), subject: f('subject') });
  };
  const offline = (e: SubmitEvent) => {
    const f = fieldsOf(e);
    o.onOffline({ name: f('name'), email: f('email') ?? '', message: f('message') ?? '' });
  };
  if (kind === 'offline-sent')
    return html`<div class="intro" role="status">${o.email ? t.offlineThanks : t.offlineThanksNoEmail}</div>`;
  if (kind === 'offline')
    return html`<form class="intro" @submit=${offline}>
      <p>${o.email ? t.offlineTitle : t.offlineTitleNoEmail}</p>
      <input name="name" autocomplete="name" maxlength="200" aria-label=${t.name} placeholder=${t.name} .value=${o.known.name ?? ''}>
      <input name="email" type="email" required autocomplete="email" maxlength="320" aria-label=${t.email} placeholder=${t.email} .value=${o.known.email ?? ''}>
      <textarea name="message" required rows="4" maxlength="10000" aria-label=${t.offlineMessage} placeholder=${t.offlineMessage}></textarea>
      <button type="submit">${t.offlineSend}</button>
    </form>`;
  return html`<form class="intro" @submit=${prechat}>
    <p>${t.prechatTitle}</p>
    <input name="name" required autocomplete="name" maxlength="200" aria-label=${t.name} placeholder=${t.name}>
    <input name="email" type="email" required autocomplete="email" maxlength="320" aria-label=${t.email} placeholder=${t.email}>
    <input name="subject" maxlength="500" aria-label=${t.subject} placeholder=${t.subject}>
    <button type="submit">${t.start}</button>
  </form>`;
}

/**
 * The transcript offer: only when the server can send email and the conversation has an address; once asked, where
 * it went (or that a confirmation link is on its way).
 */
export function transcript(
  t: Strings,
  o: { canEmail: boolean; sent: { to: string; confirm: boolean } | null; onAsk: () => void },
) {
  if (!o.canEmail) return nothing;
  if (o.sent)
    return html`<div class="status" role="status">${o.sent.confirm ? t.transcriptConfirm(o.sent.to) : t.transcriptSent(o.sent.to)}</div>`;
  return html`<div class="status"><button type="button" class="link" @click=${o.onAsk}>${t.transcript}</button></div>`;
}

export function rating(t: Strings, rated: boolean, onRate: (stars: number, comment?: string) => void) {
  if (rated) return html`<div class="status" role="status">${t.rateThanks}</div>`;
  const rate = (e: SubmitEvent) => {
    const f = fieldsOf(e);
    const stars = Number(f('rating'));
    if (stars >= 1 && stars <= 5) onRate(stars, f('comment'));
  };
  return html`<form class="rating" @submit=${rate} aria-label=${t.rateTitle}>
    <fieldset><legend>${t.rateTitle}</legend>
      ${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value=${n} required aria-label=${t.rateStar(n)}>${'★'.repeat(n)}</label>`)}
    </fieldset>
    <input name="comment" maxlength="2000" aria-label=${t.rateComment} placeholder=${t.rateComment}>
    <button type="submit">${t.rateSend}</button>
  </form>`;
}

/** The panel's header: who answers (or the product's title), whether anyone is online, End chat, and close. */
export function header(
  t: Strings,
  o: {
    agentName: string | null;
    availability?: { online: boolean; email: boolean };
    /** Visitors chat even while the team is away (the site's offline mode `chat`). */
    chatWhileAway: boolean;
    /** When the team is back, formatted (outside business hours), or null. */
    back: string | null;
    canEnd: boolean;
    onEnd: () => void;
    onClose: () => void;
  },
) {
  const a = o.availability;
  return html`<header>
    <div class="who">
      ${o.agentName ? html`<span class="avatar" aria-hidden="true">${initials(o.agentName)}</span>` : nothing}
      <div><strong>${o.agentName ?? t.title}</strong>
        ${
          a
            ? html`<div class="sub">${a.online ? t.online : o.chatWhileAway ? t.awayChat : a.email ? t.away : t.awayNoEmail}${
                !a.online && o.back ? html` · ${t.backAt(o.back)}` : nothing
              }</div>`
            : nothing
        }</div>
    </div>
    ${o.canEnd ? html`<button type="button" class="end" @click=${o.onEnd}>${t.endChat}</button>` : nothing}
    <button type="button" aria-label=${t.close} @click=${o.onClose}>${icon(CLOSE_ICON)}</button></header>`;
}

/** "End this chat?" with yes and no. */
export function confirmEnd(t: Strings, onYes: () => void, onNo: () => void) {
  return html`<div class="status confirm" role="alertdialog" aria-label=${t.endConfirm}>${t.endConfirm}
    <button type="button" class="primary" @click=${onYes}>${t.endYes}</button>
    <button type="button" class="link" @click=${onNo}>${t.endNo}</button></div>`;
}

/** Where the visitor writes: files (picker), emoji, the text, Send. */
export function composer(
  t: Strings,
  o: {
    picking: boolean;
    onFiles: (files: File[]) => void;
    onEmojiButton: () => void;
    onSubmit: (e: Event) => void;
    onKeydown: (e: KeyboardEvent) => void;
    onInput: (area: HTMLTextAreaElement) => void;
  },
) {
  const picked = (e: Event) => {
    const input = e.target as HTMLInputElement;
    o.onFiles([...(input.files ?? [])]);
    input.value = '';
  };
  const pasted = (e: ClipboardEvent) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    o.onFiles(files);
  };
  return html`<form class="composer" @submit=${o.onSubmit}>
    <label class="attach" title=${t.attach}>${icon(CLIP_ICON)}<input type="file" aria-label=${t.attach}
      accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain" multiple @change=${picked}></label>
    <button type="button" class="emoji" aria-label=${t.emoji} aria-expanded=${String(o.picking)} @click=${o.onEmojiButton}>${icon(SMILE_ICON)}</button>
    <textarea rows="2" aria-label=${t.placeholder} placeholder=${t.placeholder} maxlength="10000" @keydown=${o.onKeydown}
      @input=${(e: Event) => o.onInput(e.target as HTMLTextAreaElement)} @paste=${pasted}></textarea>
    <button type="submit">${t.send}</button>
  </form>`;
}
