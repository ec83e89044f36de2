// <sc-composer>: where an agent writes. Enter sends, Shift+Enter breaks the line; `/shortcut` completes a canned
// response and, in a note, `@name` a colleague to mention (arrows, Enter/Tab, Escape); a note switch writes private
// notes; emoji and files. It only fires events
// (`sc-send`, `sc-typing`, `sc-canned`, `sc-file`, `sc-open-canned`): the console decides what they do.
import { LitElement, css, html, nothing } from 'lit';
import type { CannedResponse } from '@support-chat/sdk';
import { expandShortcodes } from '@support-chat/ui/emoji';
import '@support-chat/ui/emoji-picker';
import { emit } from './events.js';
import { base } from './styles.js';
import { t } from './i18n.js';

const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 5000;

/** Shortcut completions for what follows a `/` at the start of a word: exact prefix first, then title matches. */
export function completeShortcut(canned: CannedResponse[], typed: string) {
  const t = typed.toLowerCase();
  const byShortcut = canned.filter((r) => r.shortcut?.startsWith(t));
  const byTitle = t ? canned.filter((r) => !byShortcut.includes(r) && r.title.toLowerCase().includes(t)) : [];
  // An agent's own reply wins over a shared one with the same shortcut.
  return [
    ...byShortcut.sort((a, b) => Number(!!b.agentId) - Number(!!a.agentId) || a.shortcut!.length - b.shortcut!.length),
    ...byTitle,
  ].slice(0, 8);
}

/** Colleagues for what follows an `@` in a note: names that start with it, or have a word that does. */
export function completeMention(agents: readonly { id: string; name: string }[], typed: string) {
  const t = typed.toLocaleLowerCase();
  const starts = (a: { name: string }) => a.name.toLocaleLowerCase().startsWith(t);
  const word = (a: { name: string }) =>
    a.name
      .toLocaleLowerCase()
      .split(/\s+/)
      .some((w) => w.startsWith(t));
  return [...agents.filter(starts), ...agents.filter((a) => !starts(a) && word(a))].slice(0, 8);
}

export class ChatComposer extends LitElement {
  static override properties = {
    canned: { attribute: false },
    agents: { attribute: false },
    disabled: { type: Boolean },
    note: { type: Boolean, reflect: true },
    value: { state: true },
    suggestions: { state: true },
    people: { state: true },
    active: { state: true },
    picking: { state: true },
  };

  canned: CannedResponse[] = [];
  /** Colleagues a note can mention (`@name`). */
  agents: readonly { id: string; name: string }[] = [];
  disabled = false;
  note = false;
  value = '';
  suggestions: CannedResponse[] = [];
  /** Colleagues matching the `@` being typed in a note. */
  people: { id: string; name: string }[] = [];
  active = 0;
  picking = false;
  private typingSentAt = 0;
  private idleTimer?: ReturnType<typeof setTimeout>;

  static override styles = [
    base,
    css`
    :host { display: block; border-top: 1px solid var(--line); background: var(--bg); position: relative; }
    :host([note]) textarea { background: var(--note); }
    textarea { width: 100%; border: 0; border-radius: 0; resize: none; padding: 10px 14px; min-height: 64px; display: block; }
    textarea:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
    .tools { display: flex; gap: 6px; padding: 6px 10px; align-items: center; border-top: 1px solid var(--line); }
    .tools .spacer { flex: 1; }
    button[aria-pressed=true] { background: var(--note); border-color: var(--note-line); }
    .complete { position: absolute; bottom: 100%; left: 10px; right: 10px; background: var(--bg); border: 1px solid var(--line);
      border-radius: 8px; box-shadow: 0 6px 24px rgb(15 23 42 / .15); max-height: 260px; overflow-y: auto; }
    .complete [role=option] { padding: 6px 10px; cursor: pointer; }
    .complete [role=option][aria-selected=true] { background: var(--selected); }
    .complete .content { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    sc-emoji-picker { position: absolute; bottom: 100%; right: 10px; background: var(--bg); width: 300px; box-shadow: 0 6px 24px rgb(15 23 42 / .15); }
    input[type=file] { display: none; }
  `,
  ];

  get textarea() {
    return this.renderRoot.querySelector('textarea')!;
  }

  override focus() {
    void this.updateComplete.then(() => this.textarea.focus());
  }

  /** Puts text at the caret (a canned response, an emoji). */
  insert(text: string) {
    const ta = this.textarea;
    const start = ta.selectionStart ?? this.value.length;
    const end = ta.selectionEnd ?? start;
    this.value = this.value.slice(0, start) + text + this.value.slice(end);
    void this.updateComplete.then(() => {
      ta.focus();
      ta.selectionStart = ta.selectionEnd = start + text.length;
    });
  }

  toggleNote() {
    this.note = !this.note;
    if (this.note) this.stopTyping();
    this.focus();
  }

  /** The `/word` just before the caret, if any. */
  private slashToken() {
    const ta = this.textarea;
    const before = this.value.slice(0, ta.selectionStart ?? this.value.length);
    const m = /(^|\s)\/([a-z0-9_-]{0,32})$/i.exec(before);
    return m ? { typed: m[2]!, from: before.length - m[2]!.length - 1, to: before.length } : undefined;
  }

  /** In a note, the `@name` being typed just before the caret (a name may have spaces), if any. */
  private mentionToken() {
    if (!this.note) return undefined;
    const before = this.value.slice(0, this.textarea.selectionStart ?? this.value.length);
    const m = /(^|\s)@([^@\n]{0,40})$/u.exec(before);
    return m ? { typed: m[2]!, from: before.length - m[2]!.length - 1, to: before.length } : undefined;
  }

  private onInput(e: Event) {
    this.value = (e.target as HTMLTextAreaElement).value;
    const token = this.slashToken();
    this.suggestions = token ? completeShortcut(this.canned, token.typed) : [];
    const mention = this.mentionToken();
    this.people = mention ? completeMention(this.agents, mention.typed) : [];
    this.active = 0;
    if (!this.note && this.value.trim()) this.typing();
    else this.stopTyping();
  }

  private typing() {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REPEAT_MS) {
      this.typingSentAt = now;
      emit(this, 'sc-typing', { isTyping: true });
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping() {
    clearTimeout(this.idleTimer);
    if (this.typingSentAt) {
      this.typingSentAt = 0;
      emit(this, 'sc-typing', { isTyping: false });
    }
  }

  private choose(r: CannedResponse | undefined) {
    const token = this.slashToken();
    this.suggestions = [];
    if (!r) return;
    if (token) this.value = this.value.slice(0, token.from) + this.value.slice(token.to);
    void this.updateComplete.then(() => {
      if (token) this.textarea.selectionStart = this.textarea.selectionEnd = token.from;
      emit(this, 'sc-canned', { response: r });
    });
  }

  /** Writes the colleague's whole name after the `@` (what the server matches). */
  private mention(person: { name: string } | undefined) {
    const token = this.mentionToken();
    this.people = [];
    if (!person || !token) return;
    const name = `@${person.name} `;
    this.value = this.value.slice(0, token.from) + name + this.value.slice(token.to);
    void this.updateComplete.then(() => {
      this.textarea.focus();
      this.textarea.selectionStart = this.textarea.selectionEnd = token.from + name.length;
    });
  }

  private onKey(e: KeyboardEvent) {
    // An open list (colleagues to mention, or canned responses) takes the arrows, Enter/Tab and Escape.
    const n = this.people.length || this.suggestions.length;
    if (n) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        if (this.people.length) this.mention(this.people[this.active]);
        else this.choose(this.suggestions[this.active]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.people = [];
        this.suggestions = [];
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.send();
    }
  }

  send() {
    const content = expandShortcodes(this.value).trim();
    if (!content || this.disabled) return;
    emit(this, 'sc-send', { content, isPrivate: this.note });
    this.value = '';
    this.suggestions = [];
    this.people = [];
    this.stopTyping();
  }

  private onFile(e: Event) {
    const input = e.target as HTMLInputElement;
    // A file picked in note mode is part of the note: private like its text.
    for (const file of input.files ?? []) emit(this, 'sc-file', { file, isPrivate: this.note });
    input.value = '';
  }

  override render() {
    const people = this.people.length > 0;
    const open = this.suggestions.length > 0 || people;
    const list = people ? 'mention-list' : 'shortcut-list';
    return html`
      ${
        people
          ? html`<ul class="complete" role="listbox" id="mention-list" aria-label=${t.colleaguesToMention}>
        ${this.people.map(
          (p, i) => html`<li role="option" id=${`opt-${i}`} aria-selected=${String(i === this.active)}
            @mousedown=${(e: Event) => {
              e.preventDefault();
              this.mention(p);
            }}><strong>@${p.name}</strong></li>`,
        )}</ul>`
          : nothing
      }
      ${
        this.suggestions.length && !people
          ? html`<ul class="complete" role="listbox" id="shortcut-list" aria-label=${t.cannedMatching}>
        ${this.suggestions.map(
          (r, i) => html`<li role="option" id=${`opt-${i}`} aria-selected=${String(i === this.active)}
            @mousedown=${(e: Event) => {
              e.preventDefault();
              this.choose(r);
            }}>
          <strong>/${r.shortcut ?? ''}</strong> ${r.title}<div class="content">${r.content}</div></li>`,
        )}
      </ul>`
          : nothing
      }
      ${
        this.picking
          ? html`<sc-emoji-picker @sc-emoji=${(e: CustomEvent<{ emoji: string }>) => {
              this.picking = false;
              this.insert(e.detail.emoji);
            }}
        @sc-close=${() => {
          this.picking = false;
          this.focus();
        }}></sc-emoji-picker>`
          : nothing
      }
      <textarea aria-label=${this.note ? t.noteLabel : t.replyLabel}
        placeholder=${this.note ? t.notePlaceholder : t.replyPlaceholder}
        .value=${this.value} ?disabled=${this.disabled} aria-autocomplete="list"
        aria-controls=${open ? list : nothing} aria-activedescendant=${open ? `opt-${this.active}` : nothing}
        @input=${this.onInput} @keydown=${this.onKey} @blur=${() => this.stopTyping()}></textarea>
      <div class="tools">
        <button type="button" aria-pressed=${String(this.note)} @click=${() => this.toggleNote()} title="Alt+N">${t.privateNote}</button>
        <button type="button" @click=${() => emit(this, 'sc-open-canned')} title="Alt+K">${t.canned}</button>
        <button type="button" aria-label=${t.emoji} @click=${() => (this.picking = !this.picking)}>🙂</button>
        <button type="button" aria-label=${t.attach} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')!.click()}>📎</button>
        <input type="file" multiple @change=${this.onFile} tabindex="-1" aria-label=${t.attach}>
        <span class="spacer"></span>
        <button class="primary" type="button" @click=${() => this.send()} ?disabled=${this.disabled}>${this.note ? t.addNote : t.send}</button>
      </div>`;
  }
}

if (!customElements.get('sc-composer')) customElements.define('sc-composer', ChatComposer);

declare global {
  interface HTMLElementTagNameMap {
    'sc-composer': ChatComposer;
  }
}
