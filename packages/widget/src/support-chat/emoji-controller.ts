// Emoji for the visitor's composer: the picker (its code fetched from the server the first time it is asked for,
// so pages that never use it never pay for it) and `:shortcode:` completion as they type.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { expandShortcodes } from '@support-chat/ui/emoji';
import { loadScript } from '@support-chat/ui/load-script';

export class EmojiController implements ReactiveController {
  /** The picker is showing. */
  picking = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Where /widget/emoji-picker.js is served from. */
    private readonly base: () => string,
  ) {
    host.addController(this);
  }

  hostDisconnected() {
    this.picking = false;
  }

  async toggle() {
    if (this.picking) return this.show(false);
    try {
      if (!customElements.get('sc-emoji-picker')) await loadScript(`${this.base()}/widget/emoji-picker.js`);
      this.show(true);
    } catch {
      // Offline or blocked: the button stays, and the next press tries again.
    }
  }

  show(picking: boolean) {
    this.picking = picking;
    this.host.requestUpdate();
  }

  /** Puts the chosen emoji at the caret and closes the picker. */
  insert(area: HTMLTextAreaElement, emoji: string) {
    const at = area.selectionStart ?? area.value.length;
    area.value = area.value.slice(0, at) + emoji + area.value.slice(area.selectionEnd ?? at);
    this.show(false);
    area.focus();
    area.selectionStart = area.selectionEnd = at + emoji.length;
  }

  /** The moment the closing colon of a known `:shortcode:` is typed, it becomes the emoji. */
  complete(area: HTMLTextAreaElement) {
    const caret = area.selectionStart ?? area.value.length;
    const before = area.value.slice(0, caret);
    const expanded = expandShortcodes(before);
    if (expanded === before) return;
    area.value = expanded + area.value.slice(caret);
    area.selectionStart = area.selectionEnd = expanded.length;
  }
}
