// <sc-agent-dialog>: add an agent, or change one — name, role, teams and primary team, skills, how many chats at
// once, and a new password. A password the server generated (or a reset) is shown once, to hand over.
import { html, nothing } from 'lit';
import { userRoles, type Agent, type SupportChatClient, type Team } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-agent-dialog>: an agent was created or changed. */
    'sc-agent': CustomEvent<{ agent: Agent; created: boolean }>;
  }
}

/** A password to hand over: 16 characters from the browser's CSPRNG, without look-alikes (0/O, 1/l). */
export function newPassword(length = 16) {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export class AgentDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    agent: { attribute: false },
    teams: { attribute: false },
    handover: { state: true },
    chosen: { state: true },
  };
  client?: SupportChatClient;
  /** The agent to edit; absent to add one. */
  agent?: Agent;
  teams: Team[] = [];
  /** A password to show once (generated on create, or a reset), with whose it is. */
  handover?: { name: string; email: string; password: string; reset: boolean };
  /** The teams ticked, so the primary-team list offers only those. */
  chosen?: string[];

  private get teamIds() {
    return this.chosen ?? this.agent?.teamIds ?? [];
  }

  private toggleTeam(id: string, on: boolean) {
    const ids = this.teamIds.filter((t) => t !== id);
    this.chosen = on ? [...ids, id] : ids;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const skills = text('skills')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ids = this.teamIds;
    const common = {
      name: text('name'),
      role: text('role') as Agent['role'],
      skills,
      maxConcurrentChats: Number(text('maxConcurrentChats')),
      // Spaces and dashes as people type them are dropped; the server checks the E.164 form.
      phone: text('phone').replace(/[\s().-]/g, '') || null,
      teamIds: this.teamIds,
      // One team is the primary one by itself; with several, the one picked (else the first ticked).
      teamId: text('teamId') || ids[0] || null,
    };
    if (this.agent) {
      const agent = await this.run(this.client.updateAgent(this.agent.id, common));
      if (!agent) return;
      emit(this, 'sc-agent', { agent, created: false });
      this.close();
      return;
    }
    const created = await this.run(
      this.client.createAgent({
        ...common,
        email: text('email'),
        ...(text('password') ? { password: text('password') } : {}),
      }),
    );
    if (!created) return;
    emit(this, 'sc-agent', { agent: created.agent, created: true });
    if (created.initialPassword)
      this.handover = {
        name: created.agent.name,
        email: created.agent.email,
        password: created.initialPassword,
        reset: false,
      };
    else this.close();
  }

  private async resetPassword() {
    if (!this.client || !this.agent) return;
    const password = newPassword();
    const agent = await this.run(this.client.updateAgent(this.agent.id, { password }));
    if (agent) this.handover = { name: agent.name, email: agent.email, password, reset: true };
  }

  override render() {
    if (this.handover) return this.renderHandover(this.handover);
    const a = this.agent;
    const ids = this.teamIds;
    const described = (name: string) => (this.fieldErrors[name] ? `err-${name}` : undefined);
    return html`<dialog aria-labelledby="agent-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="agent-h">${a ? `Edit ${a.name}` : 'Add an agent'}</h2>
        <label>Name <input name="name" required maxlength="200" autocomplete="off" .value=${a?.name ?? ''}
          aria-describedby=${described('name') ?? nothing}>${this.fieldError('name')}</label>
        ${
          a
            ? html`<p class="muted">Signs in as ${a.email}</p>`
            : html`<label>Email (their sign-in) <input name="email" type="email" required maxlength="320" autocomplete="off"
              aria-describedby=${described('email') ?? nothing}>${this.fieldError('email')}</label>
            <label>Password <input name="password" type="text" minlength="8" maxlength="200" autocomplete="new-password"
              placeholder="Leave empty to generate one" aria-describedby=${described('password') ?? nothing}>${this.fieldError('password')}</label>`
        }
        <label>Role <select name="role">
          ${userRoles.map((r) => html`<option value=${r} ?selected=${r === (a?.role ?? 'agent')}>${r === 'admin' ? 'Admin (also manages the team)' : 'Agent'}</option>`)}
        </select></label>
        <fieldset><legend>Teams</legend>
          ${this.teams.length === 0 ? html`<p class="muted">No teams yet.</p>` : nothing}
          ${this.teams.map(
            (t) => html`<label class="check"><input type="checkbox" .checked=${ids.includes(t.id)}
              @change=${(e: Event) => this.toggleTeam(t.id, (e.target as HTMLInputElement).checked)}> ${t.name}</label>`,
          )}
          ${this.fieldError('teamIds')}
        </fieldset>
        ${
          ids.length > 1
            ? html`<label>Primary team (shown with their name; new chats of theirs go there) <select name="teamId">
              ${this.teams
                .filter((t) => ids.includes(t.id))
                .map((t) => html`<option value=${t.id} ?selected=${t.id === (a?.teamId ?? ids[0])}>${t.name}</option>`)}
            </select></label>`
            : nothing
        }
        <label>Skills <input name="skills" maxlength="1000" placeholder="billing, german, enterprise" .value=${(a?.skills ?? []).join(', ')}
          aria-describedby=${described('skills') ?? nothing}>${this.fieldError('skills')}</label>
        <label>Mobile for urgent tickets (optional) <input name="phone" type="tel" autocomplete="off" maxlength="20"
          placeholder="+14155550100" .value=${a?.phone ?? ''} aria-describedby=${described('phone') ?? 'phone-hint'}>
          <span class="hint" id="phone-hint">Texted for high and urgent tickets assigned to them and their SLA warnings, when SMS is set up.</span>${this.fieldError('phone')}</label>
        <label>Chats at once <input name="maxConcurrentChats" type="number" min="1" max="100" required
          .value=${String(a?.maxConcurrentChats ?? 5)} aria-describedby=${described('maxConcurrentChats') ?? nothing}>${this.fieldError('maxConcurrentChats')}</label>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions">
          ${a ? html`<button type="button" @click=${this.resetPassword} ?disabled=${this.busy}>Reset password…</button>` : nothing}
          <span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${a ? 'Save' : 'Add agent'}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderHandover(h: NonNullable<AgentDialog['handover']>) {
    return html`<dialog aria-labelledby="handover-h" @close=${this.closed}>
      <h2 id="handover-h">Password for ${h.name}</h2>
      <p>They sign in at <strong>${location.origin}/console</strong> as <strong>${h.email}</strong> with:</p>
      <p><code class="secret">${h.password}</code>
        <button type="button" @click=${() => void navigator.clipboard?.writeText(h.password)}>Copy</button></p>
      <p class="muted">This is the only time it is shown.${h.reset ? ' Their sessions have ended: they sign in again with it.' : ''}</p>
      <form method="dialog"><button class="primary">Done</button></form>
    </dialog>`;
  }
}

if (!customElements.get('sc-agent-dialog')) customElements.define('sc-agent-dialog', AgentDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-agent-dialog': AgentDialog;
  }
}
