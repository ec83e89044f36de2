// <sc-routing-rules>: the routing rules in the order they are tried (the first enabled one that matches a new chat
// decides), moved up and down by button or keyboard, and a "test a chat" form that shows which rule a sample chat
// would meet and where it would go. Asks the page to open the rule form or confirm a deletion.
import { LitElement, css, html, nothing } from 'lit';
import {
  channels,
  type RoutingRule,
  type SupportChatClient,
  type Team,
  type TestRoutingResponse,
} from '@support-chat/sdk';
import { emit } from './events.js';
import { errorText } from './format.js';
import { parseAttributes } from './sc-rule-dialog.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-routing-rules>: open the rule form (for this rule, or a new one). */
    'sc-edit-rule': CustomEvent<{ rule?: RoutingRule }>;
    /** <sc-routing-rules>: delete this rule (after the page confirms). */
    'sc-delete-rule': CustomEvent<{ rule: RoutingRule }>;
  }
}

/** One line saying what a rule matches. */
export function describeConditions(c: RoutingRule['conditions']): string {
  const parts = [
    c.channels?.length ? `on ${c.channels.join(' or ')}` : '',
    c.keywords?.length ? `mentions ${c.keywords.map((k) => `“${k}”`).join(' or ')}` : '',
    c.pageUrlContains?.length ? `page contains ${c.pageUrlContains.join(' or ')}` : '',
    ...Object.entries(c.attributes ?? {}).map(([k, v]) => `${k} = ${v}`),
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every chat';
}

export class RoutingRules extends LitElement {
  static override properties = {
    client: { attribute: false },
    rules: { attribute: false },
    teams: { attribute: false },
    result: { state: true },
    error: { state: true },
  };
  client?: SupportChatClient;
  rules: RoutingRule[] = [];
  teams: Team[] = [];
  result?: TestRoutingResponse;
  error = '';

  static override styles = [
    base,
    css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 20px; align-items: start; }
    @media (max-width: 900px) { :host { grid-template-columns: 1fr; } }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    li { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; display: grid; grid-template-columns: auto 1fr auto; gap: 10px; align-items: center; }
    li.off { opacity: .6; }
    .n { font-weight: 700; color: var(--muted); min-width: 1.5em; text-align: right; }
    .sub { display: block; font-size: 12px; color: var(--muted); }
    .actions { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; }
    form { display: grid; gap: 8px; border: 1px solid var(--line); border-radius: 8px; padding: 12px; background: var(--panel); }
    label { display: grid; gap: 4px; }
    .verdict { border-left: 3px solid var(--accent); padding: 6px 10px; background: var(--bg); }
    .empty { padding: 24px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }
    .error { color: var(--danger); }
  `,
  ];

  private teamName(id: string | null) {
    return id ? (this.teams.find((t) => t.id === id)?.name ?? 'a deleted team') : 'the general queue';
  }

  private async move(i: number, by: -1 | 1) {
    const ids = this.rules.map((r) => r.id);
    const j = i + by;
    if (!this.client || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    try {
      this.rules = await this.client.reorderRoutingRules(ids);
      this.error = '';
      emit(this, 'sc-saved', { done: 'Order saved' });
      // Keyboard users keep their place: the focus follows the rule they moved.
      await this.updateComplete;
      this.renderRoot
        .querySelectorAll<HTMLButtonElement>(`li[data-id="${ids[j]}"] button.${by < 0 ? 'up' : 'down'}`)[0]
        ?.focus();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async test(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const attributes = parseAttributes(String(f.get('attributes') ?? ''));
    try {
      this.result = await this.client.testRouting({
        channel: (text('channel') ?? 'web') as (typeof channels)[number],
        subject: text('subject'),
        message: text('message'),
        pageUrl: text('pageUrl'),
        ...(Object.keys(attributes).length ? { attributes } : {}),
      });
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
  }

  override render() {
    return html`<section aria-label="Routing rules">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${
          this.rules.length
            ? html`<ol>${this.rules.map(
                (r, i) => html`<li class=${r.enabled ? '' : 'off'} data-id=${r.id}>
              <span class="n" aria-hidden="true">${i + 1}</span>
              <div><strong>${r.name}</strong>${r.enabled ? nothing : html` <span class="pill">off</span>`}
                <span class="sub">When: ${describeConditions(r.conditions)}</span>
                <span class="sub">Then: ${this.teamName(r.teamId)}${r.requiredSkills.length ? `, skills ${r.requiredSkills.join(', ')}` : ''}${r.priority ? `, priority ${r.priority}` : ''}</span></div>
              <div class="actions">
                <button class="up" aria-label=${`Move “${r.name}” up`} ?disabled=${i === 0} @click=${() => void this.move(i, -1)}>↑</button>
                <button class="down" aria-label=${`Move “${r.name}” down`} ?disabled=${i === this.rules.length - 1} @click=${() => void this.move(i, 1)}>↓</button>
                <button @click=${() => emit(this, 'sc-edit-rule', { rule: r })} aria-label=${`Edit “${r.name}”`}>Edit</button>
                <button class="danger" @click=${() => emit(this, 'sc-delete-rule', { rule: r })} aria-label=${`Delete “${r.name}”`}>Delete</button></div>
            </li>`,
              )}</ol>`
            : html`<p class="empty">No rules: every chat goes to the general queue. Add one to send chats to a team.</p>`
        }
      </section>
      <form @submit=${this.test} aria-labelledby="test-h">
        <h2 id="test-h">Test a chat</h2>
        <label>Channel <select name="channel">${channels.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
        <label>Subject <input name="subject" maxlength="500"></label>
        <label>First message <input name="message" maxlength="2000" placeholder="I want a refund"></label>
        <label>Page address <input name="pageUrl" maxlength="2000" placeholder="https://shop.example/pricing"></label>
        <label>The site says (key=value lines) <textarea name="attributes" rows="2" placeholder="plan=enterprise"></textarea></label>
        <button class="primary" type="submit">Test</button>
        ${
          this.result
            ? html`<p class="verdict" role="status">${
                this.result.rule
                  ? html`Meets <strong>${this.result.rule.name}</strong>: goes to ${this.teamName(this.result.teamId)}${this.result.requiredSkills.length ? `, for an agent with ${this.result.requiredSkills.join(', ')}` : ''}${this.result.priority ? `, priority ${this.result.priority}` : ''}.`
                  : 'Meets no rule: goes to the general queue.'
              }</p>`
            : nothing
        }
      </form>`;
  }
}

if (!customElements.get('sc-routing-rules')) customElements.define('sc-routing-rules', RoutingRules);

declare global {
  interface HTMLElementTagNameMap {
    'sc-routing-rules': RoutingRules;
  }
}
