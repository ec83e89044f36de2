// <sc-rule-dialog>: add or change a routing rule — what a new chat must match (channels, words, page address, what
// the site sends about the customer) and what then happens (team, required skills, priority).
import { html, nothing } from 'lit';
import { channels, priorities, type RoutingRule, type SupportChatClient, type Team } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-rule-dialog>: a rule was created or changed. */
    'sc-rule': CustomEvent<{ rule: RoutingRule; created: boolean }>;
  }
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `plan=enterprise` lines → `{ plan: 'enterprise' }` (numbers and true/false keep their type). */
export function parseAttributes(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at < 1) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    out[key] =
      raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export class RuleDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, rule: { attribute: false }, teams: { attribute: false } };
  client?: SupportChatClient;
  rule?: RoutingRule;
  teams: Team[] = [];

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const attributes = parseAttributes(String(f.get('attributes') ?? ''));
    const conditions = {
      ...(f.getAll('channels').length
        ? { channels: f.getAll('channels').map(String) as RoutingRule['conditions']['channels'] }
        : {}),
      ...(list(text('keywords')).length ? { keywords: list(text('keywords')) } : {}),
      ...(list(text('pageUrlContains')).length ? { pageUrlContains: list(text('pageUrlContains')) } : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
    };
    const body = {
      name: text('name'),
      enabled: f.get('enabled') === 'on',
      conditions,
      teamId: text('teamId') || null,
      requiredSkills: list(text('requiredSkills')),
      priority: (text('priority') || null) as RoutingRule['priority'],
    };
    const rule = await this.run(
      this.rule ? this.client.updateRoutingRule(this.rule.id, body) : this.client.createRoutingRule(body),
    );
    if (!rule) return;
    emit(this, 'sc-rule', { rule, created: !this.rule });
    this.close();
  }

  override render() {
    const r = this.rule;
    const c = r?.conditions ?? {};
    const attrs = Object.entries(c.attributes ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    const err = (n: string) => (this.fieldErrors[n] ? `err-${n}` : nothing);
    return html`<dialog aria-labelledby="rule-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="rule-h">${r ? `Edit “${r.name}”` : 'Add a routing rule'}</h2>
        <label>Name <input name="name" required maxlength="100" .value=${r?.name ?? ''} aria-describedby=${err('name')}>${this.fieldError('name')}</label>
        <label class="check"><input type="checkbox" name="enabled" ?checked=${r?.enabled ?? true}> Enabled</label>
        <fieldset><legend>When a new chat… (all that are filled in; leave everything empty to match every chat)</legend>
          <div role="group" aria-label="comes in on" class="inline">comes in on
            ${channels.map((ch) => html`<label class="check"><input type="checkbox" name="channels" value=${ch} ?checked=${c.channels?.includes(ch) ?? false}> ${ch}</label>`)}
          </div>
          <label>mentions any of <input name="keywords" maxlength="2000" placeholder="refund, invoice" .value=${(c.keywords ?? []).join(', ')}></label>
          <label>starts on a page whose address contains <input name="pageUrlContains" maxlength="2000" placeholder="/pricing, /checkout"
            .value=${(c.pageUrlContains ?? []).join(', ')}></label>
          <label>and the site says (one key=value per line) <textarea name="attributes" rows="2" placeholder="plan=enterprise">${attrs}</textarea></label>
          ${this.fieldError('conditions')}
        </fieldset>
        <fieldset><legend>…then</legend>
          <label>send it to <select name="teamId"><option value="">the general queue</option>
            ${this.teams.map((t) => html`<option value=${t.id} ?selected=${t.id === r?.teamId}>${t.name}</option>`)}</select></label>
          <label>for an agent with the skills <input name="requiredSkills" maxlength="1000" placeholder="german" .value=${(r?.requiredSkills ?? []).join(', ')}
            aria-describedby=${err('requiredSkills')}>${this.fieldError('requiredSkills')}</label>
          <label>with priority <select name="priority"><option value="">as it is</option>
            ${priorities.map((p) => html`<option value=${p} ?selected=${p === r?.priority}>${p}</option>`)}</select></label>
        </fieldset>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${r ? 'Save' : 'Add rule'}</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-rule-dialog')) customElements.define('sc-rule-dialog', RuleDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-rule-dialog': RuleDialog;
  }
}
