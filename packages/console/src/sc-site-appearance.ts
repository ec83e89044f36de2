// <sc-site-appearance>: how the widget looks on the site (colour, corner, team name, greeting, launcher text), its
// proactive messages, and what it does while nobody can answer — beside a live preview: the real <support-chat> element, loaded from this
// server, in its preview mode (no server calls, nothing stored or sent), redrawn on every keystroke.
import { LitElement, css, html, nothing } from 'lit';
import type { Site, SupportChatClient, WidgetSettings } from '@support-chat/sdk';
import { loadScript } from '@support-chat/ui/load-script';
import { settingsStyles } from './admin-styles.js';
import { emit } from './events.js';
import { errorText } from './format.js';
import { fieldErrorsOf } from './modal.js';
import { base } from './styles.js';

const offlineChoices: [WidgetSettings['offlineMode'], string, string][] = [
  ['form', 'Offer a message form', 'Visitors leave a message; the team answers it later (by email when set up).'],
  ['chat', 'Let them start a chat', 'The chat waits in the queue until someone is back.'],
  ['hide', 'Hide the chat button', 'Visitors with a chat going still see it.'],
];

export class SiteAppearance extends LitElement {
  static override properties = {
    client: { attribute: false },
    site: { attribute: false },
    server: {},
    draft: { state: true },
    summary: { state: true },
    previewAs: { state: true },
    previewReady: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };
  client?: SupportChatClient;
  site!: Site;
  server = '';
  /** The settings as edited, not yet saved (the preview shows these); the site's own until something changes. */
  draft!: WidgetSettings;
  /** "Email a summary on resolve", as edited. */
  summary = false;
  previewAs: 'online' | 'away' = 'online';
  /** The widget's code has loaded (false: loading; a string: why it could not). */
  previewReady: boolean | string = false;
  error = '';
  fieldErrors: Record<string, string> = {};
  busy = false;

  static override styles = [
    base,
    settingsStyles,
    css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 20px; align-items: start; }
    @media (max-width: 1100px) { :host { grid-template-columns: 1fr; } }
    .colour { display: flex; gap: 8px; align-items: center; }
    .colour input[type=color] { width: 44px; height: 32px; padding: 2px; }
    .colour input[name=accentText] { width: 110px; font-family: ui-monospace, monospace; }
    textarea { resize: vertical; min-height: 60px; }
    .choice { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; align-items: start; font-weight: 400; }
    .choice .hint { grid-column: 2; }
    .preview-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 8px; }
    .seg { display: inline-flex; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
    .seg button { border: 0; border-radius: 0; padding: 4px 12px; }
    .seg button[aria-pressed=true] { background: var(--text); color: var(--bg); }
    /* The page the widget sits on. transform makes this box the widget's frame: its fixed-position launcher and
       panel are placed inside it, not in the console's window. */
    .stage { position: relative; height: 660px; border: 1px solid var(--line); border-radius: 12px; overflow: hidden;
      transform: translateZ(0); background: #f1f5f9; }
    /* A hint of the host page behind the widget. */
    .stage::before { content: ''; position: absolute; inset: 36px 16px auto; height: 120px; border-radius: 8px;
      background: linear-gradient(#e2e8f0 0 18px, transparent 18px 34px, #e2e8f0 34px 44px, transparent 44px 56px, #e2e8f0 56px 66px, transparent 0); opacity: .8; }
    .trigger { display: grid; grid-template-columns: minmax(0, 1fr) 110px auto; gap: 4px 10px; align-items: end;
      padding: 8px 0; border-bottom: 1px solid var(--line); }
    .trigger label:nth-of-type(3) { grid-column: 1 / 3; }
    .trigger > button { align-self: center; }
    .stage .note { position: absolute; top: 10px; left: 12px; right: 12px; color: var(--muted); font-size: 12px; margin: 0; }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    this.draft = { ...this.site.widget };
    this.summary = this.site.emailSummaryOnResolve;
    void loadScript(`${this.server}/widget/support-chat.js`).then(
      () => (this.previewReady = true),
      () => (this.previewReady = 'The preview could not be loaded.'),
    );
  }

  override willUpdate(changed: Map<string, unknown>) {
    // Another site chosen: its settings, not the last one's draft.
    const before = changed.get('site') as Site | undefined;
    if (before && before.id !== this.site.id) {
      this.draft = { ...this.site.widget };
      this.summary = this.site.emailSummaryOnResolve;
    }
  }

  private set<K extends keyof WidgetSettings>(key: K, value: WidgetSettings[K]) {
    this.draft = { ...this.draft, [key]: value };
    const { [key]: _, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
  }

  private get changed() {
    return (
      this.summary !== this.site.emailSummaryOnResolve ||
      (Object.keys(this.draft) as (keyof WidgetSettings)[]).some((k) => this.draft[k] !== this.site.widget[k])
    );
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    this.busy = true;
    this.error = '';
    this.fieldErrors = {};
    try {
      const site = await this.client.updateSite(this.site.id, {
        widget: this.draft,
        emailSummaryOnResolve: this.summary,
      });
      emit(this, 'sc-site', { site, done: 'Widget saved: visitors see it on their next page load' });
    } catch (err) {
      this.fieldErrors = fieldErrorsOf(err, 'widget');
      this.error = Object.keys(this.fieldErrors).length ? '' : errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private text(
    key: 'teamName' | 'greeting' | 'launcherText',
    label: string,
    placeholder: string,
    empty: string,
    max: number,
    long = false,
  ) {
    const input = (e: Event) => this.set(key, (e.target as HTMLInputElement).value);
    const err = this.fieldErrors[key];
    const describedBy = `${key}-hint`;
    return html`<label class="field">${label}
      ${
        long
          ? html`<textarea name=${key} maxlength=${max} .value=${this.draft[key]} @input=${input}
            aria-describedby=${describedBy} aria-invalid=${err ? 'true' : 'false'} placeholder=${placeholder}></textarea>`
          : html`<input name=${key} maxlength=${max} .value=${this.draft[key]} @input=${input}
            aria-describedby=${describedBy} aria-invalid=${err ? 'true' : 'false'} placeholder=${placeholder}>`
      }
      <span id=${describedBy} class=${err ? 'field-error' : 'hint'}>${err ?? empty}</span>
    </label>`;
  }

  /** Replaces trigger `i` with `patch` applied (a new array, so the form knows something changed). */
  private editTrigger(i: number, patch: Partial<WidgetSettings['proactive'][number]>) {
    this.set(
      'proactive',
      this.draft.proactive.map((t, j) => (j === i ? { ...t, ...patch } : t)),
    );
  }

  private renderProactive() {
    const list = this.draft.proactive ?? [];
    const err = (i: number, k: string) => this.fieldErrors[`proactive.${i}.${k}`];
    const field = (
      i: number,
      k: 'urlPattern' | 'delaySeconds' | 'message',
      label: string,
      input: unknown,
      hint: string,
    ) =>
      html`<label class="field">${label} ${input}<span id=${`p${i}-${k}`} class=${err(i, k) ? 'field-error' : 'hint'}>${err(i, k) ?? hint}</span></label>`;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<fieldset>
      <legend>Proactive messages <span class="hint">(each shows once per visitor, beside the chat button)</span></legend>
      ${list.map(
        (t, i) => html`<div class="trigger" role="group" aria-label=${`Proactive message ${i + 1}`}>
          ${field(
            i,
            'urlPattern',
            'On pages',
            html`<input name="urlPattern" maxlength="200" placeholder="/pricing*" .value=${t.urlPattern}
            aria-describedby=${`p${i}-urlPattern`} aria-invalid=${err(i, 'urlPattern') ? 'true' : 'false'}
            @input=${(e: Event) => this.editTrigger(i, { urlPattern: value(e) })}>`,
            '* matches anything: /pricing*, /docs/*',
          )}
          ${field(
            i,
            'delaySeconds',
            'After (seconds)',
            html`<input name="delaySeconds" type="number" min="0" max="3600" .value=${String(t.delaySeconds)}
            aria-describedby=${`p${i}-delaySeconds`} aria-invalid=${err(i, 'delaySeconds') ? 'true' : 'false'}
            @input=${(e: Event) => this.editTrigger(i, { delaySeconds: Number(value(e)) })}>`,
            'on the page',
          )}
          ${field(
            i,
            'message',
            'Message',
            html`<input name="message" maxlength="300" .value=${t.message}
            aria-describedby=${`p${i}-message`} aria-invalid=${err(i, 'message') ? 'true' : 'false'}
            @input=${(e: Event) => this.editTrigger(i, { message: value(e) })}>`,
            'as from the team',
          )}
          <button type="button" aria-label=${`Remove proactive message ${i + 1}`}
            @click=${() =>
              this.set(
                'proactive',
                list.filter((_, j) => j !== i),
              )}>Remove</button>
        </div>`,
      )}
      ${
        // A rule about the list as a whole (two with one id): said under it.
        this.fieldErrors.proactive && !Object.keys(this.fieldErrors).some((k) => k.startsWith('proactive.'))
          ? html`<p class="field-error" role="alert">${this.fieldErrors.proactive}</p>`
          : nothing
      }
      ${
        list.length < 10
          ? html`<button type="button" @click=${() =>
              this.set('proactive', [
                ...list,
                { id: crypto.randomUUID(), urlPattern: '/*', delaySeconds: 30, message: '' },
              ])}>Add a proactive message</button>`
          : nothing
      }
    </fieldset>`;
  }

  override render() {
    const d = this.draft;
    return html`
      <form class="card" @submit=${this.save} novalidate aria-label="Widget appearance">
        <h2>Look</h2>
        <div class="field">
          <span id="accent-l">Colour</span>
          <div class="colour" role="group" aria-labelledby="accent-l">
            <input type="color" aria-label="Pick a colour" .value=${d.accentColor}
              @input=${(e: Event) => this.set('accentColor', (e.target as HTMLInputElement).value)}>
            <input name="accentText" aria-label="Colour as #rrggbb" .value=${d.accentColor} maxlength="7"
              aria-invalid=${this.fieldErrors.accentColor ? 'true' : 'false'} aria-describedby="accent-hint"
              @input=${(e: Event) => this.set('accentColor', (e.target as HTMLInputElement).value.trim())}>
          </div>
          <span id="accent-hint" class=${this.fieldErrors.accentColor ? 'field-error' : 'hint'}>${
            this.fieldErrors.accentColor ?? 'The chat button, the header and the visitor’s own messages.'
          }</span>
        </div>
        <fieldset>
          <legend>Corner</legend>
          <div class="row">${(['right', 'left'] as const).map(
            (p) => html`<label class="check"><input type="radio" name="position" value=${p} .checked=${d.position === p}
              @change=${() => this.set('position', p)}> Bottom ${p}</label>`,
          )}</div>
        </fieldset>
        ${this.text('teamName', 'Team name in the header', 'Support', 'Empty: “Support”, in the visitor’s language.', 60)}
        ${this.text('greeting', 'Greeting', 'Ask us anything — we are here to help.', 'The first line of a new chat. Empty: the line shown here, in the visitor’s language.', 300, true)}
        ${this.text('launcherText', 'Words on the chat button', 'Chat with us', 'Empty: the round button with the icon alone.', 40)}
        <fieldset>
          <legend>While nobody can answer <span class="hint">(no one online, or outside business hours)</span></legend>
          ${offlineChoices.map(
            ([mode, label, hint]) => html`<label class="choice"><input type="radio" name="offlineMode" value=${mode}
              .checked=${d.offlineMode === mode} @change=${() => this.set('offlineMode', mode)}>
              <span>${label}</span><span class="hint">${hint}</span></label>`,
          )}
        </fieldset>
        ${this.renderProactive()}
        <label class="choice"><input type="checkbox" name="emailSummaryOnResolve" .checked=${this.summary}
          @change=${(e: Event) => (this.summary = (e.target as HTMLInputElement).checked)}>
          <span>Email customers a summary when their conversation is resolved</span>
          <span class="hint">Only to customers who gave their address, and only when the server sends email.</span></label>
        ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy || !this.changed}>Save widget</button>
          <button type="button" ?disabled=${!this.changed} @click=${() => {
            this.draft = { ...this.site.widget };
            this.summary = this.site.emailSummaryOnResolve;
            this.fieldErrors = {};
          }}>Discard changes</button>
          ${this.changed ? html`<span class="hint">Unsaved changes: the preview shows them.</span>` : nothing}
        </div>
      </form>
      <section aria-label="Preview">
        <div class="preview-head"><h2>Preview</h2>
          <div class="seg" role="group" aria-label="Preview as">${(['online', 'away'] as const).map(
            (p) =>
              html`<button type="button" aria-pressed=${String(this.previewAs === p)} @click=${() => (this.previewAs = p)}>${
                p === 'online' ? 'Someone online' : 'Nobody online'
              }</button>`,
          )}</div>
        </div>
        <div class="stage">
          <p class="note">${
            this.previewReady === true
              ? 'The real widget as visitors see it (close it to see the chat button). Nothing typed here is sent.'
              : this.previewReady || 'Loading the preview…'
          }</p>
          ${
            this.previewReady === true
              ? html`<support-chat preview=${this.previewAs} open .site=${{ ...d }}></support-chat>`
              : nothing
          }
        </div>
      </section>`;
  }
}

if (!customElements.get('sc-site-appearance')) customElements.define('sc-site-appearance', SiteAppearance);

declare global {
  interface HTMLElementTagNameMap {
    'sc-site-appearance': SiteAppearance;
  }
}
