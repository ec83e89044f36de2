// Proactive messages: the site's triggers (a path pattern and a time on the page) put a message from the team beside
// the closed launcher. Each trigger speaks to a visitor once (remembered in localStorage per site), never while the
// panel is open or a conversation is going, and one at a time.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WidgetSettings } from '@support-chat/sdk';

type Trigger = WidgetSettings['proactive'][number];

/**
 * `*` matches any characters, everything else itself. Two pointers with one backtrack point: linear-ish in the
 * text whatever the pattern (a regular expression built from an admin's `*a*a*a*` could take polynomial time).
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

export interface ProactiveHost extends ReactiveControllerHost {
  siteKey: string;
  open: boolean;
  readonly preview: string;
  /** A conversation is going: the team has its own words then. */
  readonly inConversation: boolean;
}

export class ProactiveController implements ReactiveController {
  /** The message a trigger fired (the panel's greeting from then on), if one did. */
  message: string | null = null;
  /** It shows beside the closed launcher, until the panel opens or the visitor puts it away. */
  bubble = false;
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly host: ProactiveHost) {
    host.addController(this);
  }

  private get key() {
    return `support-chat:${this.host.siteKey || 'default'}:proactive`;
  }

  private shown(): string[] {
    try {
      const v = JSON.parse(localStorage.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Starts the clocks of the triggers that match this page and this visitor has not seen. */
  arm(triggers: readonly Trigger[], path = location.pathname + location.search, elapsedMs = performance.now()) {
    this.hostDisconnected();
    if (this.host.preview) return;
    const seen = new Set(this.shown());
    for (const t of triggers) {
      if (seen.has(t.id) || !globMatch(t.urlPattern, path)) continue;
      this.timers.push(setTimeout(() => this.fire(t), Math.max(0, t.delaySeconds * 1000 - elapsedMs)));
    }
  }

  private fire(t: Trigger) {
    const h = this.host;
    if (h.open || h.inConversation || this.message !== null) return;
    // Remembered before it shows: a reload in the same second does not show it again.
    localStorage.setItem(this.key, JSON.stringify([...this.shown(), t.id].slice(-50)));
    this.message = t.message;
    this.bubble = true;
    h.requestUpdate();
  }

  /** The panel opened, or the visitor put the bubble away: it goes, and stays gone. */
  dismiss() {
    this.bubble = false;
    this.host.requestUpdate();
  }

  hostDisconnected() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
