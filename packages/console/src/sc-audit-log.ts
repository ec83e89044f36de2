// <sc-audit-log>: the admin changes, newest first — when, who, what, and the fields that changed (before → after,
// ids shown as the names of the teams and agents given).
import { LitElement, css, html, nothing } from 'lit';
import type { Agent, AuditEntry, Team } from '@support-chat/sdk';
import { tableStyles } from './admin-styles.js';
import { dateTime } from './format.js';
import { base } from './styles.js';

export class AuditLog extends LitElement {
  static override properties = {
    entries: { attribute: false },
    total: { type: Number },
    teams: { attribute: false },
    agents: { attribute: false },
  };
  entries: AuditEntry[] = [];
  /** How many entries there are in all (the page shows the newest). */
  total = 0;
  teams: Team[] = [];
  agents: Agent[] = [];
  static override styles = [
    base,
    tableStyles,
    css`pre { margin: 0; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 420px; }`,
  ];

  /** Ids in an audit record shown as names (teams, members). */
  private named(key: string, value: unknown): unknown {
    const name = (id: unknown) =>
      this.teams.find((t) => t.id === id)?.name ?? this.agents.find((a) => a.id === id)?.name ?? id;
    if ((key === 'teamIds' || key === 'memberIds') && Array.isArray(value)) return value.map(name);
    if (key === 'teamId' || key === 'reassignTo') return value ? name(value) : value;
    return value;
  }

  override render() {
    if (!this.entries.length) return html`<p class="empty">No changes recorded yet.</p>`;
    return html`<table aria-label="Audit log"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr></thead>
      <tbody>${this.entries.map(
        (e) => html`<tr><td>${dateTime(e.createdAt)}</td><td>${e.actorName}</td>
          <td><code>${e.action}</code><span class="sub">${describe(e.after ?? e.before)}</span></td>
          <td><pre>${summary(e.before, e.after, (k, v) => this.named(k, v))}</pre></td></tr>`,
      )}</tbody></table>
      ${this.total > this.entries.length ? html`<p class="sub">Showing the newest ${this.entries.length} of ${this.total}.</p>` : nothing}`;
  }
}

/** The name in an audit record, if it has one. */
function describe(record: unknown) {
  const r = record as { name?: unknown } | null;
  return typeof r?.name === 'string' ? r.name : '';
}

/** Bookkeeping fields an admin did not change and does not need to read. */
const unread = new Set([
  'id',
  'userId',
  'createdAt',
  'updatedAt',
  'lastSeenAt',
  'lastActiveAt',
  'changed',
  'teamName',
  'totalChats',
  'activeChats',
  'averageRating',
  'averageResponseTime',
  // Who wrote a canned response is who the entry names.
  'createdBy',
]);

/**
 * The fields that differ between before and after, one per line (`field: old → new`); for a new record, the fields
 * it was given (empty ones left out). Settings kept as objects (a site's widget, its business hours) are compared field
 * by field, so a change reads `widget.accentColor: "#2563eb" → "#0f766e"`. `display` may turn ids into names.
 */
export function summary(
  before: unknown,
  after: unknown,
  display: (key: string, value: unknown) => unknown = (_k, v) => v,
): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  const lines: string[] = [];
  const diff = (top: string, path: string, old: unknown, now: unknown) => {
    if (JSON.stringify(old) === JSON.stringify(now)) return;
    if (isObject(old) && isObject(now)) {
      for (const k of new Set([...Object.keys(old), ...Object.keys(now)])) diff(top, `${path}.${k}`, old[k], now[k]);
      return;
    }
    // Rows of the same shape (a week of days): by position.
    if (Array.isArray(old) && Array.isArray(now) && old.length === now.length && [...old, ...now].every(isObject)) {
      for (const [i, o] of old.entries()) diff(top, `${path}.${i}`, o, now[i]);
      return;
    }
    const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(display(top, v)));
    lines.push(`${path}: ${show(old)} → ${show(now)}`);
  };
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (unread.has(k)) continue;
    if (before == null) {
      if (!empty(a[k])) lines.push(`${k}: ${JSON.stringify(display(k, a[k]))}`);
    } else diff(k, k, b[k], a[k]);
  }
  return lines.slice(0, 12).join('\n');
}

if (!customElements.get('sc-audit-log')) customElements.define('sc-audit-log', AuditLog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-audit-log': AuditLog;
  }
}
