// <sc-copy>: a button that copies a text (a snippet, a key) and says so for a moment. Where the clipboard is not
// available (an insecure origin), it selects nothing and says to copy by hand.
import { LitElement, html } from 'lit';
import { base } from './styles.js';

export class CopyButton extends LitElement {
  static override properties = { text: {}, label: {}, state: { state: true } };
  static override styles = base;
  /** What is copied. */
  text = '';
  /** What the button says (and, after "Copy", what it names for screen readers). */
  label = 'Copy';
  state: 'idle' | 'copied' | 'failed' = 'idle';
  private timer?: ReturnType<typeof setTimeout>;

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.text);
      this.state = 'copied';
    } catch {
      this.state = 'failed';
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.state = 'idle'), 2000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  override render() {
    const said = this.state === 'copied' ? 'Copied ✓' : this.state === 'failed' ? 'Copy by hand' : this.label;
    return html`<button type="button" @click=${this.copy}>${said}</button><span class="sr-only" role="status">${
      this.state === 'copied' ? 'Copied to the clipboard' : ''
    }</span>`;
  }
}

if (!customElements.get('sc-copy')) customElements.define('sc-copy', CopyButton);

declare global {
  interface HTMLElementTagNameMap {
    'sc-copy': CopyButton;
  }
}
