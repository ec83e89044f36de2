// <sc-teams-table>: every team, how its new chats are handed out, and its members; asks the page to edit or
// delete one (`sc-edit-team`, `sc-delete-team`).
import { LitElement, html, nothing } from 'lit';
import type { Agent, Team } from '@support-chat/sdk';
import { tableStyles } from './admin-styles.js';
import { emit } from './events.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    'sc-edit-team': CustomEvent<{ team: Team }>;
    'sc-delete-team': CustomEvent<{ team: Team }>;
  }
}

export class TeamsTable extends LitElement {
  static override properties = { teams: { attribute: false }, agents: { attribute: false } };
  teams: Team[] = [];
  agents: Agent[] = [];
  static override styles = [base, tableStyles];

  override render() {
    if (!this.teams.length)
      return html`<p class="empty">No teams yet. Teams get chats from routing rules, and their members answer them.</p>`;
    const name = (id: string) => this.agents.find((a) => a.id === id)?.name ?? '?';
    return html`<table aria-label="Teams"><thead><tr>
      <th>Team</th><th>New chats</th><th>Skills asked for</th><th>Members</th><th><span class="sr-only">Actions</span></th>
    </tr></thead><tbody>${this.teams.map(
      (t) => html`<tr>
        <td class="who"><strong>${t.name}</strong>${t.description ? html`<span class="sub">${t.description}</span>` : nothing}</td>
        <td>${t.assignmentMode === 'auto' ? 'Assigned automatically' : 'Wait in the queue'}</td>
        <td>${t.defaultSkills.length ? t.defaultSkills.map((s) => html`<span class="pill">${s}</span> `) : html`<span class="sub">—</span>`}</td>
        <td>${t.memberIds.length ? t.memberIds.map((id) => html`<span class="pill">${name(id)}</span> `) : html`<span class="sub">No members</span>`}</td>
        <td><div class="actions">
          <button @click=${() => emit(this, 'sc-edit-team', { team: t })} aria-label=${`Edit ${t.name}`}>Edit</button>
          <button class="danger" @click=${() => emit(this, 'sc-delete-team', { team: t })} aria-label=${`Delete ${t.name}`}>Delete</button></div></td>
      </tr>`,
    )}</tbody></table>`;
  }
}

if (!customElements.get('sc-teams-table')) customElements.define('sc-teams-table', TeamsTable);

declare global {
  interface HTMLElementTagNameMap {
    'sc-teams-table': TeamsTable;
  }
}
