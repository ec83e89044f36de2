// <sc-macros-dialog>: the macros an agent can run — the shared ones (admins change those) and their own — and a form
// that writes one: a name and up to ten steps (a reply, a note, labels to add, a priority, a team, resolve). Loaded
// with work.js, the first time someone manages macros. Fires `sc-macros` with the list after each change.
import { css, html, nothing } from 'lit';
import {
  priorities,
  type Label,
  type Macro,
  type MacroAction,
  type Priority,
  type SupportChatClient,
  type Team,
} from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-macros-dialog>: the macros changed (created, edited, deleted). */
    'sc-macros': CustomEvent<{ macros: Macro[] }>;
  }
}

type StepType = MacroAction['type'];
const stepNames: Record<StepType, string> = {
  reply: 'Send a reply',
  note: 'Add a private note',
  addLabels: 'Add labels',
  setPriority: 'Set the priority',
  assignTeam: 'Give to a team',
  resolve: 'Resolve',
};

/** A step as the form holds it: its type and one text (content, labels comma-separated, a priority or a team id). */
interface Draft {
  type: StepType;
  value: string;
}

const toDraft = (a: MacroAction): Draft => ({
  type: a.type,
  value:
    a.type === 'reply' || a.type === 'note'
      ? a.content
      : a.type === 'addLabels'
        ? a.labels.join(', ')
        : a.type === 'setPriority'
          ? a.priority
          : a.type === 'assignTeam'
            ? a.teamId
            : '',
});

function toAction(d: Draft): MacroAction {
  switch (d.type) {
    case 'reply':
    case 'note':
      return { type: d.type, content: d.value };
    case 'addLabels':
      return {
        type: 'addLabels',
        labels: d.value
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
      };
    case 'setPriority':
      return { type: 'setPriority', priority: d.value as Priority };
    case 'assignTeam':
      return { type: 'assignTeam', teamId: d.value };
    case 'resolve':
      return { type: 'resolve' };
  }
}

export class MacrosDialog extends ModalElement {
  static override styles = [
    ...ModalElement.styles,
    css`
      dialog { width: min(560px, 94vw); }
      ol.steps { margin: 0; padding: 0; list-style: none; display: grid; gap: 8px; }
      ol.steps fieldset { grid-template-columns: minmax(0, 1fr) auto; align-items: center; gap: 6px 8px; }
      ol.steps fieldset > * { grid-column: 1 / -1; }
      ol.steps fieldset > .type { grid-row: 1; grid-column: 1; }
      ol.steps fieldset > .remove { grid-row: 1; grid-column: 2; }
      ol.steps textarea { resize: vertical; width: 100%; }
      ol.steps .hint { margin: 0; }
      table { width: 100%; border-collapse: collapse; }
      td { vertical-align: top; padding: 4px 0; }
      td:last-child { white-space: nowrap; text-align: right; }
    `,
  ];
  static override properties = {
    ...ModalElement.properties,
    macros: { attribute: false },
    labels: { attribute: false },
    teams: { attribute: false },
    isAdmin: { type: Boolean, attribute: 'is-admin' },
    editing: { state: true },
    steps: { state: true },
  };
  client?: SupportChatClient;
  macros: Macro[] = [];
  labels: Label[] = [];
  teams: Team[] = [];
  isAdmin = false;
  /** The macro being edited: its id, 'new', or undefined while the list shows. */
  editing?: string;
  steps: Draft[] = [];

  private edit(m?: Macro) {
    this.editing = m?.id ?? 'new';
    this.steps = m ? m.actions.map(toDraft) : [{ type: 'reply', value: '' }];
    this.error = '';
    this.fieldErrors = {};
  }

  private setStep(i: number, patch: Partial<Draft>) {
    this.steps = this.steps.map((s, j) => (j === i ? { ...s, ...patch } : s));
  }

  private async reload() {
    if (!this.client) return;
    this.macros = await this.client.listMacros();
    emit(this, 'sc-macros', { macros: this.macros });
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const name = String(f.get('name') ?? '').trim();
    const actions = this.steps.map(toAction);
    const id = this.editing;
    const saved = await this.run(
      id && id !== 'new'
        ? this.client.updateMacro(id, { name, actions })
        : this.client.createMacro({ name, actions, shared: f.get('shared') === 'on' }),
    );
    if (!saved) return;
    this.editing = undefined;
    await this.reload();
  }

  private async deleteMacro(m: Macro) {
    if (!this.client || !(await this.run(this.client.deleteMacro(m.id)))) return;
    await this.reload();
  }

  override render() {
    return html`<dialog aria-labelledby="macros-h" @close=${this.closed}>
      <h2 id="macros-h">Macros</h2>
      ${this.editing ? this.renderForm() : this.renderList()}
      ${this.editing ? nothing : html`<form method="dialog"><button>Close</button></form>`}
    </dialog>`;
  }

  private renderList() {
    return html`<p class="hint">A macro runs its steps on the open chat in one go: pick it under <em>Macro</em> in the
      chat's header (Alt+M).</p>
      ${
        this.macros.length
          ? html`<table><tbody>${this.macros.map((m) => {
              const mine = m.ownerId !== null;
              const may = mine || this.isAdmin;
              return html`<tr><td><strong>${m.name}</strong><div class="hint">${mine ? 'Yours' : 'Shared'} ·
                ${m.actions.map((a) => stepNames[a.type]).join(', ')}</div></td>
                <td>${
                  may
                    ? html`<button type="button" @click=${() => this.edit(m)} aria-label=${`Edit ${m.name}`}>Edit</button>
                  <button type="button" class="danger" @click=${() => void this.deleteMacro(m)} aria-label=${`Delete ${m.name}`}>Delete</button>`
                    : nothing
                }</td></tr>`;
            })}</tbody></table>`
          : html`<p class="hint">No macros yet.</p>`
      }
      ${this.renderError()}
      <div class="actions"><button type="button" class="primary" @click=${() => this.edit()}>New macro</button></div>`;
  }

  private renderForm() {
    const current = this.macros.find((m) => m.id === this.editing);
    const stepError = (i: number) =>
      this.fieldErrors[`actions.${i}`] ??
      Object.entries(this.fieldErrors).find(([k]) => k.startsWith(`actions.${i}.`))?.[1];
    return html`<form @submit=${this.save} novalidate aria-label=${current ? `Edit ${current.name}` : 'New macro'}>
      <label>Name <input name="name" required maxlength="60" .value=${current?.name ?? ''}
        aria-describedby=${this.fieldErrors.name ? 'err-name' : nothing}>${this.fieldError('name')}</label>
      <ol class="steps">${this.steps.map(
        (s, i) => html`<li><fieldset><legend>Step ${i + 1}</legend>
          <select class="type" name=${`type-${i}`} aria-label=${`Step ${i + 1}: what it does`}
            @change=${(e: Event) => this.setStep(i, { type: (e.target as HTMLSelectElement).value as StepType, value: '' })}>
            ${(Object.keys(stepNames) as StepType[]).map((t) => html`<option value=${t} ?selected=${t === s.type}>${stepNames[t]}</option>`)}
          </select>
          ${this.renderValue(s, i)}
          ${stepError(i) ? html`<p class="field-error">${stepError(i)}</p>` : nothing}
          <button type="button" class="remove" @click=${() => (this.steps = this.steps.filter((_, j) => j !== i))}
            ?disabled=${this.steps.length === 1} aria-label=${`Remove step ${i + 1}`}>Remove</button>
        </fieldset></li>`,
      )}</ol>
      ${this.fieldErrors.actions ? html`<p class="field-error">${this.fieldErrors.actions}</p>` : nothing}
      ${this.steps.length < 10 ? html`<button type="button" @click=${() => (this.steps = [...this.steps, { type: 'reply', value: '' }])}>Add a step</button>` : nothing}
      ${!current && this.isAdmin ? html`<label class="check"><input type="checkbox" name="shared"> Shared with every agent</label>` : nothing}
      ${this.renderError()}
      <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Save macro</button>
        <button type="button" @click=${() => (this.editing = undefined)}>Back</button></div>
    </form>`;
  }

  private renderValue(s: Draft, i: number) {
    const set = (e: Event) => this.setStep(i, { value: (e.target as HTMLInputElement).value });
    const label = `Step ${i + 1}`;
    switch (s.type) {
      case 'reply':
      case 'note':
        return html`<textarea aria-label=${`${label}: text`} rows="3" maxlength="10000" .value=${s.value} @input=${set}></textarea>`;
      case 'addLabels':
        return html`<input aria-label=${`${label}: labels, separated by commas`} list="macro-labels" .value=${s.value}
          placeholder="billing, vip" @input=${set}><datalist id="macro-labels">${this.labels.map((l) => html`<option value=${l.name}></option>`)}</datalist>`;
      case 'setPriority':
        return html`<select aria-label=${`${label}: priority`} @change=${set}>
          <option value="">Choose…</option>${priorities.map((p) => html`<option value=${p} ?selected=${p === s.value}>${p}</option>`)}</select>`;
      case 'assignTeam':
        return html`<select aria-label=${`${label}: team`} @change=${set}>
          <option value="">Choose…</option>${this.teams.map((t) => html`<option value=${t.id} ?selected=${t.id === s.value}>${t.name}</option>`)}</select>`;
      case 'resolve':
        return html`<p class="hint">Resolves the chat (always the last step).</p>`;
    }
  }
}

if (!customElements.get('sc-macros-dialog')) customElements.define('sc-macros-dialog', MacrosDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-macros-dialog': MacrosDialog;
  }
}
