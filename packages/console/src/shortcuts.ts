// The console's keyboard shortcuts, written once: the table the help dialog lists is the table the key handler
// reads. `actionFor` is pure (tested without a page); `ShortcutController` wires it to the window for an element.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Strings } from './i18n.js';

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
  | 'react'
  | 'contact'
  | 'help'
  | 'dismiss';

export interface Shortcut {
  /** As the help dialog shows it. */
  keys: string;
  /** What it does: its line in the catalogue (`t.shortcuts`). */
  does: keyof Strings['shortcuts'];
  /** Alt + physical key (`e.code`: on a Mac, Alt+letter types a symbol, so `e.key` would not do). */
  alt?: Record<string, ShortcutAction>;
  /** A key on its own, only when no text field has the focus. */
  plain?: Record<string, ShortcutAction>;
  /** A key on its own, even while typing. */
  always?: Record<string, ShortcutAction>;
}

export const shortcuts: Shortcut[] = [
  { keys: 'Enter', does: 'send' },
  { keys: '/shortcut', does: 'insertCanned' },
  { keys: 'Alt+K', does: 'canned', alt: { KeyK: 'canned' } },
  { keys: 'Alt+N', does: 'note', alt: { KeyN: 'note' } },
  { keys: 'Alt+↓ / Alt+↑', does: 'step', alt: { ArrowDown: 'next', ArrowUp: 'previous' } },
  { keys: 'Alt+A', does: 'accept', alt: { KeyA: 'accept' } },
  { keys: 'Alt+R', does: 'resolve', alt: { KeyR: 'resolve' } },
  { keys: 'Alt+T', does: 'ticket', alt: { KeyT: 'ticket' } },
  { keys: 'Alt+L', does: 'labels', alt: { KeyL: 'labels' } },
  { keys: 'Alt+P', does: 'priority', alt: { KeyP: 'priority' } },
  { keys: 'Alt+Z', does: 'snooze', alt: { KeyZ: 'snooze' } },
  { keys: 'Alt+M', does: 'macro', alt: { KeyM: 'macro' } },
  { keys: 'Alt+G', does: 'merge', alt: { KeyG: 'merge' } },
  { keys: 'Alt+E', does: 'react', alt: { KeyE: 'react' } },
  { keys: 'Alt+C', does: 'contact', alt: { KeyC: 'contact' } },
  {
    keys: 'Alt+1 / Alt+2 / Alt+3',
    does: 'views',
    alt: { Digit1: 'inbox', Digit2: 'tickets', Digit3: 'conversations' },
  },
  { keys: '?', does: 'help', plain: { '?': 'help' } },
  { keys: 'Esc', does: 'dismiss', always: { Escape: 'dismiss' } },
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
