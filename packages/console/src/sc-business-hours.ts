// <sc-business-hours>: when the team answers on a site — a time zone, a weekly schedule (Monday first) and whole days
// off. Outside them the widget shows the team as away and says when it is back. Errors the server finds in a day or
// a holiday are shown on that row.
import { LitElement, css, html, nothing } from 'lit';
import { weekdays } from '@support-chat/protocol/constants';
import type { BusinessDay, BusinessHours, Site, SupportChatClient } from '@support-chat/sdk';
import { settingsStyles } from './admin-styles.js';
import { emit } from './events.js';
import { errorText } from './format.js';
import { fieldErrorsOf } from './modal.js';
import { base } from './styles.js';

/** Every IANA zone the browser knows (with UTC, which some list apart), sorted. */
function timeZones(current: string): string[] {
  const all = new Set((Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? []);
  all.add('UTC');
  all.add(current);
  return [...all].sort();
}

/** An instant as the schedule's own clock shows it: "Monday, Dec 7, 09:00 (Europe/Berlin)". */
function inZone(iso: string, timeZone: string) {
  const when = new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
  return `${when} (${timeZone.replaceAll('_', ' ')})`;
}

export class BusinessHoursSettings extends LitElement {
  static override properties = {
    client: { attribute: false },
    site: { attribute: false },
    draft: { state: true },
    holiday: { state: true },
    error: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  client?: SupportChatClient;
  site!: Site;
  draft!: BusinessHours;
  /** The holiday being added. */
  holiday = { date: '', name: '' };
  error = '';
  errors: Record<string, string> = {};
  busy = false;

  static override styles = [
    base,
    settingsStyles,
    css`
    :host { max-width: 760px; }
    table { border-collapse: collapse; justify-self: start; }
    td { padding: 4px 12px 4px 0; vertical-align: middle; }
    td.day { width: 150px; }
    input[type=time] { width: 120px; }
    .closed { color: var(--muted); }
    .now { padding: 8px 12px; border-radius: 8px; background: var(--panel); border: 1px solid var(--line); }
    .now strong.open { color: var(--ok); }
    .now strong.away { color: var(--warn); }
    ul.holidays li { display: flex; gap: 10px; align-items: center; padding: 4px 0; }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    this.reset();
  }

  override willUpdate(changed: Map<string, unknown>) {
    const before = changed.get('site') as Site | undefined;
    if (before && before.id !== this.site.id) this.reset();
  }

  private reset() {
    this.draft = structuredClone(this.site.businessHours);
    // Hours that were never turned on start in the admin's own time zone rather than UTC.
    if (!this.draft.enabled && this.draft.timeZone === 'UTC')
      this.draft.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.errors = {};
    this.error = '';
  }

  private setDay(i: number, patch: Partial<BusinessDay>) {
    this.draft = { ...this.draft, days: this.draft.days.map((d, j) => (j === i ? { ...d, ...patch } : d)) };
  }

  private addHoliday(e: SubmitEvent) {
    e.preventDefault();
    const { date, name } = this.holiday;
    if (!date) {
      this.errors = { ...this.errors, holidayDate: 'pick a date' };
      return;
    }
    if (this.draft.holidays.some((h) => h.date === date)) {
      this.errors = { ...this.errors, holidayDate: 'already a day off' };
      return;
    }
    const holidays = [...this.draft.holidays, { date, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date));
    this.draft = { ...this.draft, holidays };
    this.holiday = { date: '', name: '' };
    const { holidayDate: _, ...rest } = this.errors;
    this.errors = rest;
  }

  private async save(e: Event) {
    e.preventDefault();
    if (!this.client) return;
    this.busy = true;
    this.error = '';
    this.errors = {};
    try {
      const site = await this.client.updateSite(this.site.id, { businessHours: this.draft });
      emit(this, 'sc-site', {
        site,
        done: site.businessHours.enabled ? 'Business hours saved' : 'Business hours off: the team answers any time',
      });
    } catch (err) {
      this.errors = fieldErrorsOf(err, 'businessHours');
      this.error = Object.keys(this.errors).length ? 'Some hours need a look (marked below).' : errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private renderDay(d: BusinessDay, i: number) {
    const name = weekdays[i]!;
    const err = this.errors[`days.${i}.to`] ?? this.errors[`days.${i}.from`] ?? this.errors[`days.${i}`];
    return html`<tr>
      <td class="day"><label class="check"><input type="checkbox" .checked=${d.open} ?disabled=${!this.draft.enabled}
        @change=${(e: Event) => this.setDay(i, { open: (e.target as HTMLInputElement).checked })}> ${name}</label></td>
      ${
        d.open
          ? html`<td><input type="time" aria-label=${`${name} from`} .value=${d.from} ?disabled=${!this.draft.enabled}
              @change=${(e: Event) => this.setDay(i, { from: (e.target as HTMLInputElement).value })}></td>
            <td>to</td>
            <td><input type="time" aria-label=${`${name} to`} .value=${d.to === '24:00' ? '23:59' : d.to}
              ?disabled=${!this.draft.enabled} aria-invalid=${err ? 'true' : 'false'}
              aria-describedby=${err ? `day-err-${i}` : nothing}
              @change=${(e: Event) => this.setDay(i, { to: (e.target as HTMLInputElement).value })}></td>
            <td>${err ? html`<span class="field-error" id=${`day-err-${i}`}>${err}</span>` : nothing}</td>`
          : html`<td colspan="4" class="closed">Closed</td>`
      }
    </tr>`;
  }

  /** What visitors see right now, as the server said when it last answered. */
  private renderNow() {
    const { businessHours, hoursNow } = this.site;
    if (!businessHours.enabled)
      return html`<p class="now" role="status">Business hours are off: visitors can chat whenever someone is online.</p>`;
    return html`<p class="now" role="status">Right now visitors see your team as ${
      hoursNow.withinBusinessHours
        ? html`<strong class="open">within business hours</strong>.`
        : html`<strong class="away">away</strong>${hoursNow.nextOpenAt ? html`, back ${inZone(hoursNow.nextOpenAt, businessHours.timeZone)}` : nothing}.`
    }</p>`;
  }

  override render() {
    const b = this.draft;
    return html`
      ${this.renderNow()}
      <form class="card" @submit=${this.save} novalidate aria-label="Business hours">
        <label class="check"><input type="checkbox" name="enabled" .checked=${b.enabled}
          @change=${(e: Event) => (this.draft = { ...b, enabled: (e.target as HTMLInputElement).checked })}>
          <strong>Keep business hours</strong></label>
        <p class="hint">Outside them the widget shows your team as away (whoever is signed in) and tells visitors when
          you are back; off, the team answers whenever someone is online.</p>
        <label class="field">Time zone
          <select name="timeZone" ?disabled=${!b.enabled} aria-invalid=${this.errors.timeZone ? 'true' : 'false'}
            @change=${(e: Event) => (this.draft = { ...b, timeZone: (e.target as HTMLSelectElement).value })}>
            ${timeZones(b.timeZone).map((z) => html`<option value=${z} ?selected=${z === b.timeZone}>${z.replaceAll('_', ' ')}</option>`)}
          </select>
          ${this.errors.timeZone ? html`<span class="field-error">${this.errors.timeZone}</span>` : nothing}
        </label>
        <table aria-label="Weekly schedule"><tbody>${b.days.map((d, i) => this.renderDay(d, i))}</tbody></table>
        ${this.errors.days && !Object.keys(this.errors).some((k) => k.startsWith('days.')) ? html`<p class="field-error">${this.errors.days}</p>` : nothing}
        <fieldset ?disabled=${!b.enabled}>
          <legend>Days off</legend>
          ${
            b.holidays.length
              ? html`<ul class="holidays" aria-label="Days off">${b.holidays.map(
                  (
                    h,
                  ) => html`<li><span>${new Date(`${h.date}T12:00:00`).toLocaleDateString(undefined, { dateStyle: 'full' })}</span>
                    ${h.name ? html`<span class="hint">${h.name}</span>` : nothing}
                    <button type="button" aria-label=${`Remove ${h.date}`} @click=${() =>
                      (this.draft = {
                        ...b,
                        holidays: b.holidays.filter((x) => x.date !== h.date),
                      })}>Remove</button></li>`,
                )}</ul>`
              : html`<p class="hint">No days off.</p>`
          }
          ${this.errors.holidays ? html`<p class="field-error">${this.errors.holidays}</p>` : nothing}
          <div class="row">
            <label class="field">Date <input type="date" name="holidayDate" .value=${this.holiday.date}
              aria-invalid=${this.errors.holidayDate ? 'true' : 'false'}
              @input=${(e: Event) => (this.holiday = { ...this.holiday, date: (e.target as HTMLInputElement).value })}></label>
            <label class="field">What it is <input name="holidayName" maxlength="100" placeholder="New Year’s Day" .value=${this.holiday.name}
              @input=${(e: Event) => (this.holiday = { ...this.holiday, name: (e.target as HTMLInputElement).value })}></label>
            <button type="button" style="align-self:end" @click=${(e: Event) => this.addHoliday(e as SubmitEvent)}>Add day off</button>
          </div>
          ${this.errors.holidayDate ? html`<p class="field-error">${this.errors.holidayDate}</p>` : nothing}
        </fieldset>
        ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Save business hours</button></div>
      </form>`;
  }
}

if (!customElements.get('sc-business-hours')) customElements.define('sc-business-hours', BusinessHoursSettings);

declare global {
  interface HTMLElementTagNameMap {
    'sc-business-hours': BusinessHoursSettings;
  }
}
