// <sc-team-dialog>: add or change a team — its name and description, who is in it, and how chats reach them
// (routed to a member automatically, or waiting in the queue until someone accepts).
import { html, nothing } from 'lit';
import type { Agent, SupportChatClient, Team } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-team-dialog>: a team was created or changed. */
    'sc-team': CustomEvent<{ team: Team; created: boolean }>;
  }
}

export class TeamDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, team: { attribute: false }, agents: { attribute: false } };
  client?: SupportChatClient;
  /** The team to edit; absent to add one. */
  team?: Team;
  agents: Agent[] = [];

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const body = {
      name: String(f.get('name') ?? '').trim(),
      description: String(f.get('description') ?? '').trim() || (this.team ? null : undefined),
      assignmentMode: f.get('assignmentMode') === 'manual' ? ('manual' as const) : ('auto' as const),
      memberIds: f.getAll('memberIds').map(String),
      defaultSkills: String(f.get('defaultSkills') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const team = await this.run(
      this.team
        ? this.client.updateTeam(this.team.id, body)
        : this.client.createTeam({ ...body, description: body.description ?? undefined }),
    );
    if (!team) return;
    emit(this, 'sc-team', { team, created: !this.team });
    this.close();
  }

  override render() {
    const t = this.team;
    const mode = t?.assignmentMode ?? 'auto';
    return html`<dialog aria-labelledby="team-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="team-h">${t ? `Edit ${t.name}` : 'Add a team'}</h2>
        <label>Name <input name="name" required maxlength="100" autocomplete="off" .value=${t?.name ?? ''}
          aria-describedby=${this.fieldErrors.name ? 'err-name' : nothing}>${this.fieldError('name')}</label>
        <label>Description <input name="description" maxlength="1000" .value=${t?.description ?? ''}></label>
        <fieldset><legend>New chats</legend>
          <label class="check"><input type="radio" name="assignmentMode" value="auto" ?checked=${mode === 'auto'}>
            Assign to a member with room (skills and limits respected)</label>
          <label class="check"><input type="radio" name="assignmentMode" value="manual" ?checked=${mode === 'manual'}>
            Wait in the queue until a member accepts</label>
        </fieldset>
        <label>Skills its chats ask for <input name="defaultSkills" maxlength="1000" autocomplete="off" placeholder="billing, german"
          .value=${(t?.defaultSkills ?? []).join(', ')} aria-describedby=${this.fieldErrors.defaultSkills ? 'err-defaultSkills' : 'skills-hint'}>
          ${this.fieldErrors.defaultSkills ? this.fieldError('defaultSkills') : html`<small class="muted" id="skills-hint">When a routing rule sends a chat here and names no skills, only an agent with these takes it.</small>`}</label>
        <fieldset><legend>Members</legend>
          ${this.agents.length === 0 ? html`<p class="muted">No agents yet.</p>` : nothing}
          ${this.agents.map(
            (a) => html`<label class="check"><input type="checkbox" name="memberIds" value=${a.id}
              ?checked=${t?.memberIds.includes(a.id) ?? false}> ${a.name} <span class="muted">${a.email}</span></label>`,
          )}
        </fieldset>
        ${this.error && !this.fieldErrors.name ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${t ? 'Save' : 'Add team'}</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-team-dialog')) customElements.define('sc-team-dialog', TeamDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-team-dialog': TeamDialog;
  }
}
