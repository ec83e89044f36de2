// The console's keyboard shortcuts, written once: the table the help dialog lists is the table the key handler
// reads. `actionFor` is pure (tested without a page); `ShortcutController` wires it to the window for an element.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type ShortcutAction =
  | 'canned'
  | 'note'
  | 'next'
  | 'previous'
  | 'accept'
  | 'resolve'
  | 'ticket'
  | 'inbox'
  | 'tickets'
  | 'conversations'
  | 'labels'
  | 'priority'
  | 'snooze'
  | 'macro'
  | 'merge'
  | 'help'
  | 'dismiss';

export interface Shortcut {
  /** As the help dialog shows it. */
  keys: string;
  does: string;
  /** Alt + physical key (`e.code`: on a Mac, Alt+letter types a symbol, so `e.key` would not do). */
  alt?: Record<string, ShortcutAction>;
  /** A key on its own, only when no text field has the focus. */
  plain?: Record<string, ShortcutAction>;
  /** A key on its own, even while typing. */
  always?: Record<string, ShortcutAction>;
}

export const shortcuts: Shortcut[] = [
  { keys: 'Enter', does: 'Send (Shift+Enter for a new line)' },
  { keys: '/shortcut', does: 'Insert a canned response (↑ ↓ to choose, Enter or Tab to insert)' },
  { keys: 'Alt+K', does: 'Open the canned response picker', alt: { KeyK: 'canned' } },
  { keys: 'Alt+N', does: 'Switch between reply and private note', alt: { KeyN: 'note' } },
  { keys: 'Alt+↓ / Alt+↑', does: 'Next / previous chat', alt: { ArrowDown: 'next', ArrowUp: 'previous' } },
  { keys: 'Alt+A', does: 'Accept the next chat in the queue', alt: { KeyA: 'accept' } },
  { keys: 'Alt+R', does: 'Resolve the open chat', alt: { KeyR: 'resolve' } },
  { keys: 'Alt+T', does: 'Create a ticket from the open chat', alt: { KeyT: 'ticket' } },
  { keys: 'Alt+L', does: 'Add a label to the open chat', alt: { KeyL: 'labels' } },
  { keys: 'Alt+P', does: 'Change the priority of the open chat', alt: { KeyP: 'priority' } },
  { keys: 'Alt+Z', does: 'Snooze the open chat (or wake it)', alt: { KeyZ: 'snooze' } },
  { keys: 'Alt+M', does: 'Run a macro on the open chat', alt: { KeyM: 'macro' } },
  {
    keys: 'Alt+G',
    does: 'Merge another conversation of this customer into the open chat',
    alt: { KeyG: 'merge' },
  },
  {
    keys: 'Alt+1 / Alt+2 / Alt+3',
    does: 'Inbox / Tickets / Conversations',
    alt: { Digit1: 'inbox', Digit2: 'tickets', Digit3: 'conversations' },
  },
  { keys: '?', does: 'This help (when not typing)', plain: { '?': 'help' } },
  { keys: 'Esc', does: 'Close a dialog or picker', always: { Escape: 'dismiss' } },
];

/** What a key press asks for, if anything; `typing` is true when a text field has the focus. */
export function actionFor(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey'>,
  typing: boolean,
): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey) return undefined;
  for (const s of shortcuts) {
    const hit = e.altKey
      ? (s.alt?.[e.code] ?? s.alt?.[e.key])
      : (s.always?.[e.key] ?? (typing ? undefined : s.plain?.[e.key]));
    if (hit) return hit;
  }
  return undefined;
}

const isTextField = (n: EventTarget) =>
  n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement || n instanceof HTMLSelectElement;

/** Listens on the window while its host is connected; `run` returns false when the action does not apply now. */
export class ShortcutController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly run: (action: ShortcutAction) => boolean,
  ) {
    host.addController(this);
  }

  private readonly onKey = (e: KeyboardEvent) => {
    const action = actionFor(e, e.composedPath().some(isTextField));
    if (action && this.run(action)) e.preventDefault();
  };

  hostConnected() {
    window.addEventListener('keydown', this.onKey);
  }

  hostDisconnected() {
    window.removeEventListener('keydown', this.onKey);
  }
}
