// <sc-help-dialog>: the keyboard shortcuts, from the same table the key handler reads.
import { html } from 'lit';
import { ModalElement } from './modal.js';
import { shortcuts } from './shortcuts.js';
import { t } from './i18n.js';

export class HelpDialog extends ModalElement {
  override render() {
    return html`<dialog aria-labelledby="help-h" @close=${this.closed}>
      <h2 id="help-h">${t.shortcutsLabel}</h2>
      <table><tbody>${shortcuts.map((k) => html`<tr><td><kbd>${k.keys}</kbd></td><td>${t.shortcuts[k.does]}</td></tr>`)}</tbody></table>
      <form method="dialog"><button class="primary">${t.close}</button></form>
    </dialog>`;
  }
}

if (!customElements.get('sc-help-dialog')) customElements.define('sc-help-dialog', HelpDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-help-dialog': HelpDialog;
  }
}
