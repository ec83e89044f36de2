// What every console dialog shares: a native modal <dialog> opened on first render (focus trap, Escape, backdrop
// for free), `sc-close` when it closes for any reason, and failures shown inside it (the top layer would hide a
// toast behind the backdrop). A 401 is not the dialog's business: it goes up as `sc-error` and the console signs out.
import { LitElement, css, html, nothing } from 'lit';
import { ApiError } from '@support-chat/sdk';
import { emit } from './events.js';
import { errorText } from './format.js';
import { base } from './styles.js';

export const dialogStyles = css`
  dialog { border: 1px solid var(--line); border-radius: 10px; padding: 16px; min-width: 360px; max-width: 90vw; background: var(--bg); color: var(--text); }
  dialog::backdrop { background: rgb(15 23 42 / .4); }
  form { display: grid; gap: 10px; }
  form[method=dialog] { display: flex; justify-content: flex-end; margin-top: 10px; }
  label { display: grid; gap: 4px; }
  table td { padding: 3px 10px 3px 0; }
  [role=alert], .field-error { color: var(--danger); margin: 0; }
  .field-error { font-size: 12px; }
  .hint { color: var(--muted); font-size: 12.5px; }
  fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; display: grid; gap: 4px; }
  legend { color: var(--muted); font-size: 13px; padding: 0 4px; }
  label.check { display: flex; gap: 6px; align-items: center; }
  label.amount { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
  label.amount input { width: 6em; }
  .inline { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; }
  .actions { display: flex; gap: 8px; align-items: center; margin-top: 4px; }
  .actions .spacer { flex: 1; }
  code.secret { font: 15px ui-monospace, monospace; background: var(--panel); border: 1px solid var(--line);
    border-radius: 6px; padding: 4px 8px; user-select: all; }
  dialog { width: min(480px, 92vw); }
  kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px;
    background: var(--panel); font: 12px ui-monospace, monospace; }
`;

export abstract class ModalElement extends LitElement {
  static override properties = { error: { state: true }, busy: { state: true }, fieldErrors: { state: true } };
  static override styles = [base, dialogStyles];
  error = '';
  busy = false;
  /** A validation error's reasons by field name (`body.teamIds.0` → `teamIds`), shown next to the field. */
  fieldErrors: Record<string, string> = {};

  private closing = false;

  // Every render, not only the first: a dialog that changes step (a form, then a password to hand over) renders a
  // new <dialog>, which must be modal too.
  protected override updated() {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open && !this.closing) dialog.showModal();
  }

  close() {
    this.closing = true;
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** The dialog's own close event (Escape, a Cancel button, after success) becomes `sc-close` on the element. */
  protected readonly closed = () => emit(this, 'sc-close');

  /** Runs a request; a failure stays in the dialog, in the server's words. */
  protected async run<T>(p: Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = '';
    this.fieldErrors = {};
    try {
      return await p;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) emit(this, 'sc-error', { error });
      else {
        this.error = errorText(error);
        this.fieldErrors = fieldErrorsOf(error);
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  protected renderError() {
    return this.error ? html`<p role="alert">${this.error}</p>` : nothing;
  }

  /** The server's reason for one field, under it (the input names it with aria-describedby=`err-<name>`). */
  protected fieldError(name: string) {
    const m = this.fieldErrors[name];
    return m ? html`<small class="field-error" id=${`err-${name}`}>${m}</small>` : nothing;
  }
}

/**
 * `[{ path: 'body.email', message }]` → `{ email: message }` (the first reason per field). With `within`, fields of
 * that nested object are named on their own (`within: 'hours'`: `body.hours.high` → `high`). A nested path is kept
 * whole too, for forms with rows (`days.2.to` as well as `days`).
 */
export function fieldErrorsOf(err: unknown, within?: string): Record<string, string> {
  const details = (err as { details?: unknown }).details;
  if (!Array.isArray(details)) return {};
  const out: Record<string, string> = {};
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path !== 'string' || typeof d.message !== 'string') continue;
    let path = d.path.replace(/^(body|query|params)\./, '');
    if (within && path.startsWith(`${within}.`)) path = path.slice(within.length + 1);
    const name = path.split('.')[0]!;
    out[name] ??= d.message;
    if (path !== name) out[path] ??= d.message;
  }
  return out;
}
