// <sc-label-editor>: a conversation's labels. Each shows with its colour and a remove button; the field below adds
// one, completing from the catalogue (Enter adds what was typed; a tag outside the catalogue is allowed, as the API
// allows it). It only asks (`sc-tags` with the whole new list); the console saves and the feed brings it back.
import { LitElement, css, html } from 'lit';
import type { Label } from '@support-chat/sdk';
import { emit } from './events.js';
import { labelChip, labelStyles } from './labels.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-label-editor>: set the conversation's labels to this list. */
    'sc-tags': CustomEvent<{ tags: string[] }>;
  }
}

/** As the API takes them: at most 20 labels of at most 50 characters. */
const MAX_TAGS = 20;

export class LabelEditor extends LitElement {
  static override properties = {
    tags: { attribute: false },
    labels: { attribute: false },
    disabled: { type: Boolean },
  };
  tags: string[] = [];
  labels: Label[] = [];
  disabled = false;

  static override styles = [
    base,
    labelStyles,
    css`
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
    .label button { border: 0; padding: 0 2px; line-height: 1; background: none; color: var(--muted); font-size: 14px; }
    .label button:hover { color: var(--danger); }
    input { width: 130px; padding: 1px 8px; font-size: 12px; border-radius: 999px; }
  `,
  ];

  override focus() {
    this.renderRoot.querySelector('input')?.focus();
  }

  private set(tags: string[]) {
    emit(this, 'sc-tags', { tags });
  }

  private add(input: HTMLInputElement) {
    const typed = input.value.trim();
    if (!typed) return;
    // Typing "billing" picks the catalogue's "Billing": one label, one spelling.
    const name = this.labels.find((l) => l.name.toLowerCase() === typed.toLowerCase())?.name ?? typed.slice(0, 50);
    input.value = '';
    if (!this.tags.includes(name)) this.set([...this.tags, name]);
  }

  private onKey(e: KeyboardEvent) {
    const input = e.target as HTMLInputElement;
    if (e.key === 'Enter') {
      e.preventDefault();
      this.add(input);
    } else if (e.key === 'Backspace' && !input.value && this.tags.length) {
      this.set(this.tags.slice(0, -1));
    }
  }

  /** Picking a suggestion fires `input` with an inputType other than typing (or none): add it at once. */
  private onInput(e: InputEvent) {
    const input = e.target as HTMLInputElement;
    if (!e.inputType || e.inputType === 'insertReplacementText') {
      if (this.labels.some((l) => l.name === input.value)) this.add(input);
    }
  }

  override render() {
    const offered = this.labels.filter((l) => !this.tags.includes(l.name));
    const full = this.tags.length >= MAX_TAGS;
    return html`${this.tags.map((t) =>
      labelChip(
        t,
        this.labels,
        html`<button type="button" aria-label=${`Remove label ${t}`} title="Remove" ?disabled=${this.disabled}
          @click=${() => this.set(this.tags.filter((x) => x !== t))}>×</button>`,
      ),
    )}
      <input list="label-options" aria-label="Add a label" placeholder=${full ? 'At most 20 labels' : '+ Label'}
        maxlength="50" ?disabled=${this.disabled || full} @keydown=${this.onKey} @input=${this.onInput}>
      <datalist id="label-options">${offered.map((l) => html`<option value=${l.name}>${l.description ?? ''}</option>`)}</datalist>`;
  }
}

if (!customElements.get('sc-label-editor')) customElements.define('sc-label-editor', LabelEditor);

declare global {
  interface HTMLElementTagNameMap {
    'sc-label-editor': LabelEditor;
  }
}
