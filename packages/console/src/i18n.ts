// The console's words, as the widget has its own (a catalogue per language; English built in). Another language's
// catalogue is a bundle of its own (de.js), fetched before the console first renders when it is chosen, so console.js
// carries English only. Elements read `t` when they render. Choosing a language in Account reloads the page.
import type { AgentStatus, ConversationStatus, Priority } from '@support-chat/sdk';
import type { ConnectionState } from '@support-chat/sdk';

export type Locale = 'en' | 'de';
/** Each language, named in itself. */
export const locales: [Locale, string][] = [
  ['en', 'English'],
  ['de', 'Deutsch'],
];
const KEY = 'support-chat:console-language';

export const en = {
  brand: 'Support console',
  views: {
    inbox: 'Inbox',
    tickets: 'Tickets',
    conversations: 'Conversations',
    reports: 'Reports',
    admin: 'Team setup',
  },
  unread: (n: number) => `${n} unread`,
  enableNotifications: 'Enable notifications',
  accountTitle: 'Your account: name and password',
  yourStatus: 'Your status',
  agentStatus: { online: 'online', away: 'away', busy: 'busy', offline: 'offline' } as Record<AgentStatus, string>,
  shortcutsLabel: 'Keyboard shortcuts',
  signOut: 'Sign out',
  connection: {
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    'long-polling': 'Live (polling)',
    closed: 'Disconnected',
  } as Record<Exclude<ConnectionState, 'open'>, string>,

  // sign-in
  signInTitle: 'Sign in to the support console',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',

  // what conversations and priorities are called where agents read them
  status: { queued: 'queued', active: 'active', resolved: 'resolved', closed: 'closed' } as Record<
    ConversationStatus,
    string
  >,
  priority: { low: 'low', medium: 'medium', high: 'high', urgent: 'urgent' } as Record<Priority, string>,

  // the chat lists
  chats: 'Chats',
  queue: (n: number) => `Queue (${n})`,
  waiting: (d: string) => `waiting ${d}`,
  accept: 'Accept',
  acceptChatWith: (who: string) => `Accept chat with ${who}`,
  takeThisChat: 'Take this chat',
  nobodyWaiting: 'Nobody is waiting.',
  myChats: (n: number) => `My chats (${n})`,
  restSnoozed: 'Nothing else: the rest are snoozed.',
  noActiveChats: 'No active chats.',
  snoozedList: (n: number) => `Snoozed (${n})`,
  typing: 'typing…',

  // the open conversation
  chooseChat: 'Choose a chat, or accept one from the queue.',
  conversationWith: (who: string) => `Conversation with ${who}`,
  backToList: 'Back to the chat list',
  inThisConversation: 'In this conversation',
  searchThisConversation: 'Search this conversation',
  findInChat: 'Find in chat…',
  transfer: 'Transfer',
  returnToQueue: 'Return to queue',
  customer: 'Customer',
  about: (who: string) => `About ${who}`,
  createTicket: 'Create ticket',
  resolve: 'Resolve',
  close: 'Close',
  priorityLabel: 'Priority',
  macro: 'Macro',
  runMacro: 'Run a macro…',
  manageMacros: 'Manage macros…',
  messagesWith: (who: string) => `Messages with ${who}`,
  isTyping: (name: string) => `${name} is typing…`,
  searchResults: 'Search results in this conversation',
  matches: (n: number, q: string) => `${n} ${n === 1 ? 'match' : 'matches'} for “${q}”`,

  // snooze
  snooze: 'Snooze',
  notSnoozed: 'Not snoozed',
  snoozed: 'Snoozed',
  snoozeForHour: 'For 1 hour',
  snoozeTomorrow: (day: string) => `Until tomorrow (${day}) 09:00`,
  snoozeMonday: 'Until Monday 09:00',
  snoozeUntilReply: 'Until the customer replies',
  snoozeUntilTime: 'Until a time I choose…',
  wakeNow: 'Wake it now',
  untilReply: 'until the customer replies',
  until: (when: string) => `until ${when}`,
  snoozedUntil: (until: string) => `Snoozed ${until}`,
  snoozedPill: 'snoozed',
  backFromSnooze: 'Back from snooze',
  backFromSnoozeTitle: 'Back from snooze: your reply clears this',
  snoozeAtLabel: 'Snooze until a time',
  snoozeUntilField: 'Snooze until',
  cancel: 'Cancel',

  // the composer
  colleaguesToMention: 'Colleagues to mention',
  cannedMatching: 'Canned responses matching the shortcut',
  noteLabel: 'Private note (only agents see it)',
  replyLabel: 'Reply to the customer',
  notePlaceholder: 'Private note — only agents see this (@ to mention a colleague)',
  replyPlaceholder: 'Type a reply… (/ for canned responses)',
  privateNote: 'Private note',
  canned: 'Canned',
  emoji: 'Emoji',
  attach: 'Attach a file',
  addNote: 'Add note',
  send: 'Send',

  // the customer panel
  contactPage: 'Contact page',
  mergeButton: 'Merge…',
  mergeTitle: 'Merge another conversation of this customer into this one',
  name: 'Name',
  verified: 'Verified',
  yes: 'yes',
  no: 'no',
  channel: 'Channel',
  page: 'Page',
  started: 'Started',
  ago: (d: string) => `${d} ago`,
  tickets: 'Tickets',
  none: 'None.',
  previousConversations: 'Previous conversations',
  customersConversations: "This customer's conversations",
  conversations: 'Conversations',
  searchConversations: 'Search conversations',
  searchPlaceholder: 'Search messages, names, emails, subjects…',
  anyStatus: 'Any status',
  search: 'Search',
  loading: 'Loading',
  conversationCount: (n: number) => `${n} conversations`,
  noConversations: 'No conversations.',
  more: 'More',
  openInInbox: 'Open in the inbox',
  mergeIntoThisChat: 'Merge into this chat…',
  merged: 'merged',

  // keyboard shortcuts (the help dialog's table)
  shortcuts: {
    send: 'Send (Shift+Enter for a new line)',
    insertCanned: 'Insert a canned response (↑ ↓ to choose, Enter or Tab to insert)',
    canned: 'Open the canned response picker',
    note: 'Switch between reply and private note',
    step: 'Next / previous chat',
    accept: 'Accept the next chat in the queue',
    resolve: 'Resolve the open chat',
    ticket: 'Create a ticket from the open chat',
    labels: 'Add a label to the open chat',
    priority: 'Change the priority of the open chat',
    snooze: 'Snooze the open chat (or wake it)',
    macro: 'Run a macro on the open chat',
    merge: 'Merge another conversation of this customer into the open chat',
    react: "React to the customer's newest message (Esc closes the set)",
    contact: "Open the customer's contact page",
    views: 'Inbox / Tickets / Conversations',
    help: 'This help (when not typing)',
    dismiss: 'Close a dialog or picker',
  },

  // my account
  yourAccount: 'Your account',
  theme: 'Theme',
  thisBrowserAtOnce: '(this browser, at once)',
  themeSystem: 'As the system',
  themeLight: 'Light',
  themeDark: 'Dark',
  language: 'Language',
  languageNote:
    'For this browser; the console reloads. Deutsch covers the inbox: the lists, the conversation, the composer, the customer panel, the shortcuts and this dialog. Tickets, Conversations, Reports, Team setup and what the server says are in English so far.',
  alertsLegend: 'Alert me while the console is in the background',
  alertQueued: 'when a new chat waits in the queue',
  alertAssigned: 'when a chat is assigned to me',
  alertMessages: 'when a customer writes in one of my chats',
  alertMentions: 'when a colleague mentions me in a note (and by email when email is on)',
  alertSound: 'with a sound',
  alertsNote: "Alerts show in the tab's title and, once you allow it, as browser notifications.",
  emailMe: 'Email me customer messages in my chats that I have not read',
  after: 'after',
  minutes: 'minutes',
  emailNote:
    'While you are away or offline, after one minute. One email per burst of messages; none if you read them first.',
  passwordLegend: 'Change your password (leave empty to keep it)',
  currentPassword: 'Current password',
  newPassword: 'New password',
  newPasswordAgain: 'New password again',
  passwordNote: 'Your other sessions end when the password changes; this one stays.',
  save: 'Save',
};

export type Strings = typeof en;

/** The strings every element renders with: English until another catalogue is in. */
export let t: Strings = en;

/** The language chosen in this browser, else the browser's own when we have it, else English. */
export function storedLocale(): Locale {
  const chosen = localStorage.getItem(KEY);
  if (chosen === 'en' || chosen === 'de') return chosen;
  return navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Keeps the choice for this browser and reloads the console in it. */
export function chooseLocale(locale: Locale) {
  localStorage.setItem(KEY, locale);
  location.reload();
}

/** Where a language's catalogue bundle puts itself (an IIFE, like every console bundle: see de.ts). */
declare global {
  interface Window {
    __supportChatConsoleStrings?: Partial<Record<Locale, Strings>>;
  }
}

/**
 * Makes the stored language the console's before its first render: fetches its catalogue (`src` names where the
 * bundles are) unless it is English or already here. A catalogue that fails to load leaves English.
 */
export async function loadStrings(load: (src: string) => Promise<unknown>, base = '/console/') {
  const locale = storedLocale();
  document.documentElement.lang = locale;
  if (locale === 'en') {
    t = en;
    return;
  }
  if (!window.__supportChatConsoleStrings?.[locale]) await load(`${base}${locale}.js`).catch(() => undefined);
  const strings = window.__supportChatConsoleStrings?.[locale];
  if (strings) t = strings;
  else document.documentElement.lang = 'en';
}
