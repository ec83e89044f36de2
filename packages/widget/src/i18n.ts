// The widget's strings. English is the fallback; the locale comes from the `locale` attribute or the browser.
export interface Strings {
  open: string;
  close: string;
  title: string;
  placeholder: string;
  send: string;
  messages: string;
  typing(name: string): string;
  someone: string;
  queue(position: number, minutes: number | null): string;
  offline: string;
  you: string;
  read: string;
  sent: string;
  empty: string;
  attach: string;
  uploadFailed(reason: string): string;
  rateTitle: string;
  rateStar(n: number): string;
  rateComment: string;
  rateSend: string;
  rateThanks: string;
  ended: string;
  endChat: string;
  endConfirm: string;
  endYes: string;
  endNo: string;
  startNew: string;
  sendFailed: string;
  originRefused: string;
  name: string;
  email: string;
  subject: string;
  start: string;
  prechatTitle: string;
  offlineTitle: string;
  offlineMessage: string;
  offlineSend: string;
  offlineThanks: string;
  emoji: string;
  transcript: string;
  sending: string;
  delivered: string;
  online: string;
  away: string;
  transcriptSent(to: string): string;
  transcriptConfirm(to: string): string;
  transcriptFailed: string;
  offlineTitleNoEmail: string;
  offlineThanksNoEmail: string;
  awayNoEmail: string;
  /** While away in a site that lets visitors chat anyway (offline mode `chat`). */
  awayChat: string;
  /** When the team is back (outside business hours); `when` is already formatted for the visitor. */
  backAt(when: string): string;
}

export const catalogue: Record<'en' | 'de', Strings> = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Support',
    placeholder: 'Write a message…',
    send: 'Send',
    messages: 'Messages',
    typing: (name: string) => `${name} is typing…`,
    someone: 'Support',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `You are number ${position} in line.`
        : `You are number ${position} in line, about ${minutes} min.`,
    offline: 'You are offline. Messages will be sent when you are back.',
    you: 'You',
    read: 'Read',
    sent: 'Sent',
    empty: 'Ask us anything — we usually answer in a few minutes.',
    attach: 'Attach a file',
    uploadFailed: (reason) => `Could not send the file: ${reason}`,
    rateTitle: 'How did we do?',
    rateStar: (n) => `${n} of 5`,
    rateComment: 'Anything to add? (optional)',
    rateSend: 'Send rating',
    rateThanks: 'Thank you for your feedback!',
    ended: 'This conversation has ended.',
    endChat: 'End chat',
    endConfirm: 'End this chat?',
    endYes: 'End chat',
    endNo: 'Keep chatting',
    startNew: 'Start a new conversation',
    sendFailed: 'Your message could not be sent.',
    originRefused: 'Chat is not available on this page yet. Please contact us another way.',
    name: 'Your name',
    email: 'Your email',
    subject: 'What is it about? (optional)',
    start: 'Start chat',
    prechatTitle: 'Tell us who you are, and we will be right with you.',
    offlineTitle: 'We are away right now. Leave a message and we will answer by email.',
    offlineMessage: 'Your message',
    offlineSend: 'Send message',
    offlineThanks: 'Thanks! We will get back to you by email.',
    emoji: 'Insert emoji',
    transcript: 'Email me the transcript',
    sending: 'Sending…',
    delivered: 'Delivered',
    online: 'We are online',
    away: 'We reply by email',
    transcriptSent: (to) => `The transcript is on its way to ${to}.`,
    transcriptConfirm: (to) => `We sent a link to ${to}: open it to get the transcript.`,
    transcriptFailed: 'The transcript could not be sent right now.',
    offlineTitleNoEmail: 'We are away right now. Leave a message and we will reply here when we are back.',
    offlineThanksNoEmail: 'Thanks! We will reply here: open this chat again later.',
    awayNoEmail: 'We are away',
    awayChat: 'We will reply here when we are back',
    backAt: (when) => `Back ${when}`,
  },
  de: {
    open: 'Chat öffnen',
    close: 'Chat schließen',
    title: 'Support',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    messages: 'Nachrichten',
    typing: (name: string) => `${name} schreibt…`,
    someone: 'Support',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `Sie sind Nummer ${position} in der Warteschlange.`
        : `Sie sind Nummer ${position}, etwa ${minutes} Min.`,
    offline: 'Sie sind offline. Nachrichten werden gesendet, sobald Sie wieder online sind.',
    you: 'Sie',
    read: 'Gelesen',
    sent: 'Gesendet',
    empty: 'Fragen Sie uns – wir antworten meist in wenigen Minuten.',
    attach: 'Datei anhängen',
    uploadFailed: (reason) => `Die Datei konnte nicht gesendet werden: ${reason}`,
    rateTitle: 'Wie waren wir?',
    rateStar: (n) => `${n} von 5`,
    rateComment: 'Möchten Sie etwas ergänzen? (optional)',
    rateSend: 'Bewertung senden',
    rateThanks: 'Danke für Ihr Feedback!',
    ended: 'Diese Unterhaltung ist beendet.',
    endChat: 'Chat beenden',
    endConfirm: 'Diesen Chat beenden?',
    endYes: 'Chat beenden',
    endNo: 'Weiterschreiben',
    startNew: 'Neue Unterhaltung beginnen',
    sendFailed: 'Ihre Nachricht konnte nicht gesendet werden.',
    originRefused: 'Der Chat ist auf dieser Seite noch nicht verfügbar. Bitte kontaktieren Sie uns auf anderem Weg.',
    name: 'Ihr Name',
    email: 'Ihre E-Mail',
    subject: 'Worum geht es? (optional)',
    start: 'Chat starten',
    prechatTitle: 'Sagen Sie uns, wer Sie sind – wir sind gleich für Sie da.',
    offlineTitle: 'Gerade ist niemand da. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
    offlineMessage: 'Ihre Nachricht',
    offlineSend: 'Nachricht senden',
    offlineThanks: 'Danke! Wir melden uns per E-Mail.',
    emoji: 'Emoji einfügen',
    transcript: 'Verlauf per E-Mail senden',
    sending: 'Wird gesendet…',
    delivered: 'Zugestellt',
    online: 'Wir sind online',
    away: 'Wir antworten per E-Mail',
    transcriptSent: (to) => `Der Verlauf ist unterwegs an ${to}.`,
    transcriptConfirm: (to) => `Wir haben einen Link an ${to} geschickt: öffnen Sie ihn, um den Verlauf zu erhalten.`,
    transcriptFailed: 'Der Verlauf konnte gerade nicht gesendet werden.',
    offlineTitleNoEmail:
      'Wir sind gerade nicht da. Hinterlassen Sie eine Nachricht – wir antworten hier, sobald wir zurück sind.',
    offlineThanksNoEmail: 'Danke! Wir antworten hier: öffnen Sie diesen Chat später wieder.',
    awayNoEmail: 'Wir sind gerade nicht da',
    awayChat: 'Wir antworten hier, sobald wir zurück sind',
    backAt: (when) => `Wieder da: ${when}`,
  },
};

export function stringsFor(locale: string | undefined): Strings {
  const wanted = (locale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en'))
    .toLowerCase()
    .split('-')[0]!;
  return (catalogue as Record<string, Strings>)[wanted] ?? catalogue.en;
}

/** When the team is back, in the visitor's language and time zone: "Monday 09:00" this week, a date beyond. */
export function formatBack(at: Date, locale: string | undefined, now = new Date()): string {
  const soon = at.getTime() - now.getTime() < 6 * 24 * 3600_000;
  const options: Intl.DateTimeFormatOptions = soon
    ? { weekday: 'long', hour: '2-digit', minute: '2-digit' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
