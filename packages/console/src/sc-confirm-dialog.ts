// <sc-confirm-dialog>: "are you sure?" for an admin action that cannot be taken back in one click (deactivate,
// delete), optionally with one choice to make first (where a deleted team's chats go). It runs the action itself,
// so a refusal shows inside it, in the server's words; `sc-done` tells the page it happened.
import { html, nothing } from 'lit';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-confirm-dialog>: the confirmed action succeeded. */
    'sc-done': CustomEvent<{ result: unknown }>;
  }
}

export interface ConfirmChoice {
  label: string;
  options: { value: string; label: string }[];
}

export class ConfirmDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    heading: {},
    message: {},
    confirmLabel: { attribute: 'confirm-label' },
    choice: { attribute: false },
    action: { attribute: false },
  };
  heading = 'Are you sure?';
  message = '';
  confirmLabel = 'Confirm';
  choice?: ConfirmChoice;
  /** What confirming does; gets the chosen option's value ('' without a choice). */
  action?: (chosen: string) => Promise<unknown>;

  private async confirm(e: SubmitEvent) {
    e.preventDefault();
    const chosen = String(new FormData(e.target as HTMLFormElement).get('choice') ?? '');
    if (!this.action) return;
    const result = await this.run(this.action(chosen).then((r) => ({ r })));
    if (!result) return;
    emit(this, 'sc-done', { result: result.r });
    this.close();
  }

  override render() {
    return html`<dialog aria-labelledby="confirm-h" role="alertdialog" @close=${this.closed}>
      <form @submit=${this.confirm}>
        <h2 id="confirm-h">${this.heading}</h2>
        <p>${this.message}</p>
        ${
          this.choice
            ? html`<label>${this.choice.label} <select name="choice">
              ${this.choice.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}</select></label>`
            : nothing
        }
        ${this.renderError()}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="danger" type="submit" ?disabled=${this.busy}>${this.confirmLabel}</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-confirm-dialog')) customElements.define('sc-confirm-dialog', ConfirmDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-confirm-dialog': ConfirmDialog;
  }
}
