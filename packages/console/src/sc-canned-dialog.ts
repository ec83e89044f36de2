// <sc-canned-dialog>: write or change a canned response — title, shortcut, category (an existing one or a new one),
// the text with its placeholders, and who it is for: every agent, one team, or only you. The server's reasons show
// under the fields they are about.
import { html, nothing } from 'lit';
import { cannedPlaceholders } from '@support-chat/protocol/constants';
import type { CannedResponse, SupportChatClient, Team } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-canned-dialog>: a canned response was created or changed. */
    'sc-canned-saved': CustomEvent<{ response: CannedResponse; created: boolean }>;
  }
}

/** Who a response is for, as the form offers it. */
type Audience = 'everyone' | 'team' | 'me';

export const audienceOf = (r: CannedResponse): Audience => (r.agentId ? 'me' : r.teamId ? 'team' : 'everyone');

export class CannedDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    response: { attribute: false },
    teams: { attribute: false },
    categories: { attribute: false },
    canShare: { type: Boolean },
    canOwn: { type: Boolean },
    audience: { state: true },
  };
  client?: SupportChatClient;
  /** The response to change; absent to write a new one. */
  response?: CannedResponse;
  teams: Team[] = [];
  /** The categories in use, offered as suggestions. */
  categories: string[] = [];
  /** May share with every agent or a team (admins). */
  canShare = false;
  /** May keep one for themselves (has an agent profile). */
  canOwn = true;
  audience: Audience = 'me';

  override connectedCallback() {
    super.connectedCallback();
    this.audience = this.response ? audienceOf(this.response) : this.canShare ? 'everyone' : 'me';
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const field = (k: string) => String(f.get(k) ?? '').trim();
    const fields = {
      title: field('title'),
      content: field('content'),
      shortcut: field('shortcut').replace(/^\//, '') || null,
      category: field('category') || null,
    };
    const teamId = this.audience === 'team' ? field('teamId') : undefined;
    const r = this.response;
    const saved = await this.run(
      r
        ? this.client.updateCannedResponse(r.id, {
            ...fields,
            // Only a shared response moves between every agent and a team.
            ...(r.agentId === null ? { teamId: teamId ?? null } : {}),
          })
        : this.client.createCannedResponse({
            ...fields,
            ...(this.audience === 'team' ? { teamId } : { shared: this.audience === 'everyone' }),
          }),
    );
    if (!saved) return;
    emit(this, 'sc-canned-saved', { response: saved, created: !r });
    this.close();
  }

  private renderAudience() {
    const r = this.response;
    // A private response stays private; a shared one moves between every agent and a team.
    if (r?.agentId) return html`<p class="muted">Only you see this response.</p>`;
    if (!this.canShare) return nothing;
    const options: [Audience, string][] = [
      ['everyone', 'Every agent'],
      ['team', 'One team'],
      ...(!r && this.canOwn ? [['me', 'Only me'] as [Audience, string]] : []),
    ];
    return html`<fieldset><legend>Who can use it</legend>
      <div class="inline">${options.map(
        ([value, label]) => html`<label class="check"><input type="radio" name="audience" value=${value}
          .checked=${this.audience === value} @change=${() => (this.audience = value)}> ${label}</label>`,
      )}</div>
      ${
        this.audience === 'team'
          ? html`<label>Team <select name="teamId" aria-describedby=${this.fieldErrors.teamId ? 'err-teamId' : nothing}>
              ${this.teams.map((t) => html`<option value=${t.id} ?selected=${t.id === r?.teamId}>${t.name}</option>`)}
            </select>${this.fieldError('teamId')}</label>`
          : nothing
      }
    </fieldset>`;
  }

  override render() {
    const r = this.response;
    const described = (name: string) => (this.fieldErrors[name] ? `err-${name}` : nothing);
    return html`<dialog aria-labelledby="canned-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="canned-h">${r ? `Edit “${r.title}”` : 'New canned response'}</h2>
        <label>Title <input name="title" required maxlength="200" autocomplete="off" .value=${r?.title ?? ''}
          aria-describedby=${described('title')}>${this.fieldError('title')}</label>
        <div class="inline">
          <label>Shortcut <input name="shortcut" maxlength="33" autocomplete="off" placeholder="refund" .value=${r?.shortcut ?? ''}
            aria-describedby=${described('shortcut')}>${this.fieldError('shortcut')}</label>
          <label>Category <input name="category" maxlength="100" autocomplete="off" list="canned-categories"
            placeholder="Billing" .value=${r?.category ?? ''} aria-describedby=${described('category')}>${this.fieldError('category')}</label>
          <datalist id="canned-categories">${this.categories.map((c) => html`<option value=${c}></option>`)}</datalist>
        </div>
        <label>Reply <textarea name="content" required rows="5" maxlength="10000" .value=${r?.content ?? ''}
          placeholder="Hi {{customer.firstName|there}}, …" aria-describedby=${this.fieldErrors.content ? 'err-content' : 'canned-help'}></textarea>
          ${this.fieldError('content')}</label>
        <p class="muted" id="canned-help" style="font-size:12px;margin:0">Agents type <kbd>/</kbd> and the shortcut in a chat. Placeholders fill in from the
          chat: ${cannedPlaceholders.map((p, i) => html`${i ? ', ' : ''}<code>{{${p}}}</code>`)}; <code>{{customer.firstName|there}}</code> gives a fallback.</p>
        ${this.renderAudience()}
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${r ? 'Save' : 'Add response'}</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-canned-dialog')) customElements.define('sc-canned-dialog', CannedDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-canned-dialog': CannedDialog;
  }
}
