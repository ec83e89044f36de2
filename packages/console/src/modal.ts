// What every console dialog shares: a native modal <dialog> opened on first render (focus trap, Escape, backdrop
// for free), `sc-close` when it closes for any reason, and failures shown inside it (the top layer would hide a
// toast behind the backdrop). A 401 is not the dialog's business: it goes up as `sc-error` and the console signs out.
import { LitElement, css, html, nothing } from 'lit';
import { ApiError } from '@support-chat/sdk';
import { emit } from './events.js';
import { errorText } from './format.js';
import { base } from './styles.js';

export const dialogStyles = css`
  dialog { border: 1px solid var(--line); border-radius: 10px; padding: 16px; min-width: 360px; max-width: 90vw; }
  dialog::backdrop { background: rgb(15 23 42 / .4); }
  form { display: grid; gap: 10px; }
  form[method=dialog] { display: flex; justify-content: flex-end; margin-top: 10px; }
  label { display: grid; gap: 4px; }
  table td { padding: 3px 10px 3px 0; }
  [role=alert] { color: var(--danger); margin: 0; }
  kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px;
    background: var(--panel); font: 12px ui-monospace, monospace; }
`;

export abstract class ModalElement extends LitElement {
  static override properties = { error: { state: true }, busy: { state: true } };
  static override styles = [base, dialogStyles];
  error = '';
  busy = false;

  protected override firstUpdated() {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** The dialog's own close event (Escape, a Cancel button, after success) becomes `sc-close` on the element. */
  protected readonly closed = () => emit(this, 'sc-close');

  /** Runs a request; a failure stays in the dialog, in the server's words. */
  protected async run<T>(p: Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = '';
    try {
      return await p;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) emit(this, 'sc-error', { error });
      else this.error = errorText(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  protected renderError() {
    return this.error ? html`<p role="alert">${this.error}</p>` : nothing;
  }
}
