// <sc-sla-settings>: the SLA policy — per priority, how long a ticket may wait for its first answer (minutes) and to
// be resolved (hours, the seed's SLA_CONFIG), how early a warning goes out, whether the clock counts only business
// hours and whether it stops while a ticket waits on the customer. Saved for every
// node at once; new tickets, and tickets whose priority changes, get the new due times.
import { LitElement, css, html, nothing } from 'lit';
import { priorities, type SlaPolicy, type SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { duration, errorText } from './format.js';
import { fieldErrorsOf } from './modal.js';
import { base } from './styles.js';

export class SlaSettings extends LitElement {
  static override properties = {
    client: { attribute: false },
    sla: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };
  client?: SupportChatClient;
  sla?: SlaPolicy;
  error = '';
  fieldErrors: Record<string, string> = {};
  busy = false;

  static override styles = [
    base,
    css`
    form { display: grid; gap: 12px; }
    :host { display: block; max-width: 640px; }
    .row { display: grid; grid-template-columns: 90px 1fr 1fr; gap: 10px; align-items: center; }
    .row.head { font-size: 12px; color: var(--muted); font-weight: 600; }
    .priority { font-weight: 500; }
    .target { display: flex; gap: 6px; align-items: center; }
    .target input { width: 90px; }
    .warn { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .warn input { width: 70px; }
    .hint, .field-error { font-size: 12px; }
    .hint { color: var(--muted); }
    .field-error, [role=alert] { color: var(--danger); }
    p { margin: 0; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; display: grid; gap: 4px; }
    legend { color: var(--muted); font-size: 13px; padding: 0 4px; }
    label.check { display: flex; gap: 8px; align-items: center; font-weight: 500; }
    fieldset .hint { margin: 0 0 6px 26px; }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    void this.client
      ?.getSlaPolicy()
      .then((sla) => (this.sla = sla))
      .catch((err) => (this.error = errorText(err)));
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const hours = Object.fromEntries(priorities.map((p) => [p, Number(f.get(p))])) as SlaPolicy['hours'];
    const firstResponseMinutes = Object.fromEntries(
      priorities.map((p) => [p, Number(f.get(`first-${p}`))]),
    ) as SlaPolicy['firstResponseMinutes'];
    this.busy = true;
    this.error = '';
    this.fieldErrors = {};
    try {
      this.sla = await this.client.updateSlaPolicy({
        hours,
        firstResponseMinutes,
        warnMinutes: Number(f.get('warnMinutes')),
        followBusinessHours: f.get('followBusinessHours') === 'on',
        pauseWhileWaiting: f.get('pauseWhileWaiting') === 'on',
      });
      emit(this, 'sc-saved', { done: 'SLA policy saved' });
    } catch (err) {
      this.error = errorText(err);
      // `hours.high` → `high`, `firstResponseMinutes.high` → `first-high`, as the inputs are named.
      const all = fieldErrorsOf(err);
      this.fieldErrors = Object.fromEntries(
        Object.entries(all).flatMap(([k, v]) => {
          const [group, p] = k.split('.');
          if (group === 'hours' && p) return [[p, v]];
          if (group === 'firstResponseMinutes' && p) return [[`first-${p}`, v]];
          return group === 'warnMinutes' ? [[group, v]] : [];
        }),
      );
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.sla) return this.error ? html`<p role="alert">${this.error}</p>` : html`<p role="status">Loading…</p>`;
    const h = this.sla.hours;
    const m = this.sla.firstResponseMinutes;
    const hint = (name: string, text: string) =>
      html`<span id=${`hint-${name}`} class=${this.fieldErrors[name] ? 'field-error' : 'hint'}>${this.fieldErrors[name] ?? text}</span>`;
    return html`<form @submit=${this.save} novalidate aria-labelledby="sla-h">
      <h2 id="sla-h">Targets per priority</h2>
      <p class="hint">A ticket's clock starts when it is created. The first answer from an agent meets the first target;
        resolving it, the second. New tickets, and tickets whose priority changes, get these times.</p>
      <div class="row head" aria-hidden="true"><span></span><span>First answer within</span><span>Resolved within</span></div>
      ${priorities
        .slice()
        .reverse()
        .map((p) => {
          const name = p[0]!.toUpperCase() + p.slice(1);
          return html`<div class="row" role="group" aria-label=${`${name} tickets`}>
            <span class="priority">${name}</span>
            <span class="target"><input name=${`first-${p}`} type="number" min="1" max="525600" step="1" required
              aria-label=${`${name}: first answer within, minutes`} .value=${String(m[p])} aria-describedby=${`hint-first-${p}`}>
              ${hint(`first-${p}`, `min${m[p] >= 120 ? ` (${duration(m[p] * 60)})` : ''}`)}</span>
            <span class="target"><input name=${p} type="number" min="1" max="8760" step="1" required
              aria-label=${`${name}: resolved within, hours`} .value=${String(h[p])} aria-describedby=${`hint-${p}`}>
              ${hint(p, `hours${h[p] >= 48 ? ` (${duration(h[p] * 3600)})` : ''}`)}</span>
          </div>`;
        })}
      <label class="warn">Warn <input name="warnMinutes" type="number" min="1" max="1440" step="1" required
        .value=${String(this.sla.warnMinutes)} aria-describedby="hint-warnMinutes"> minutes before a target is missed
        ${hint('warnMinutes', '')}</label>
      <fieldset>
        <legend>The clock</legend>
        <label class="check"><input type="checkbox" name="followBusinessHours" .checked=${this.sla.followBusinessHours}
          aria-describedby="fbh-hint"> Count only business hours</label>
        <p class="hint" id="fbh-hint">Each ticket counts in its site's business hours (Sites &amp; widget → Business hours);
          a site that keeps none counts every hour. An 8-hour target set on Friday at 4 pm is due Monday afternoon.</p>
        <label class="check"><input type="checkbox" name="pauseWhileWaiting" .checked=${this.sla.pauseWhileWaiting}
          aria-describedby="pww-hint"> Stop the clock while a ticket waits on the customer</label>
        <p class="hint" id="pww-hint">While a ticket's status is “waiting”, its time does not count; it runs on from where it
          stopped when the status changes.</p>
      </fieldset>
      ${this.error && !Object.keys(this.fieldErrors).length ? html`<p role="alert">${this.error}</p>` : nothing}
      <div><button class="primary" type="submit" ?disabled=${this.busy}>Save SLA policy</button></div>
    </form>`;
  }
}

if (!customElements.get('sc-sla-settings')) customElements.define('sc-sla-settings', SlaSettings);

declare global {
  interface HTMLElementTagNameMap {
    'sc-sla-settings': SlaSettings;
  }
}
