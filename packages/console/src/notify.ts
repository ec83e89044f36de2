// Getting an agent's attention when the console is not in front: a short tone, a browser notification, and the
// unread count in the tab title. Nothing fires while the agent is looking at the console, nor for what the agent
// turned off in their account.
import { defaultNotificationSettings } from '@support-chat/protocol/constants';
import type { NotificationSettings } from '@support-chat/sdk';

/** What an alert is about: each can be turned off (NotificationSettings). */
export type AlertKind = 'queued' | 'assigned' | 'messages' | 'mentions';

export class Notifier {
  private audio?: AudioContext;
  /** The signed-in user's settings (from their account). */
  settings: NotificationSettings = { ...defaultNotificationSettings };
  constructor(private readonly baseTitle = document.title || 'Support console') {}

  get permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Must run from a click: browsers only ask on a user gesture. */
  async enable() {
    if (this.permission === 'default') await Notification.requestPermission();
    this.audio ??= new AudioContext();
  }

  setUnread(count: number) {
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
  }

  /** Returns whether it alerted (only when the tab is hidden, and for kinds the user wants). */
  alert(kind: AlertKind, title: string, body: string, tag: string): boolean {
    if (!document.hidden || !this.settings[kind]) return false;
    if (this.settings.sound) this.beep();
    if (this.permission === 'granted') {
      // The text is the customer's: a notification renders it as plain text.
      const n = new Notification(title, { body: body.slice(0, 200), tag });
      n.onclick = () => {
        window.focus();
        n.close();
      };
    }
    return true;
  }

  private beep() {
    try {
      const ctx = (this.audio ??= new AudioContext());
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch {
      // No audio output (or not allowed yet): the title and notification still tell.
    }
  }
}
