// <sc-data-table>: a report table any column of which sorts (click its header; again for the other way). Numbers
// sort as numbers with empty values last either way; the header says which way it is sorted (aria-sort).
import { LitElement, css, html, type TemplateResult } from 'lit';
import { base } from './styles.js';

export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted by (numbers sort numerically; null is "no data"). */
  value: (row: R) => string | number | null;
  /** How the cell reads (default: the value, — for none). */
  render?: (row: R) => string | TemplateResult;
  numeric?: boolean;
  /** What a short label stands for (shown on hover, read by screen readers). */
  title?: string;
}

export class ScDataTable<R = unknown> extends LitElement {
  static override properties = {
    caption: {},
    columns: { attribute: false },
    rows: { attribute: false },
    sortKey: { attribute: 'sort-key' },
    descending: { type: Boolean },
    empty: {},
  };
  caption = '';
  columns: Column<R>[] = [];
  rows: R[] = [];
  sortKey = '';
  descending = true;
  empty = 'Nothing in this range.';

  static override styles = [
    base,
    css`
    :host { display: block; overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); padding: 0; vertical-align: bottom; min-width: 64px; }
    th button { border: 0; background: none; padding: 6px 8px; font-weight: 600; color: inherit; width: 100%; text-align: inherit; border-radius: 0; }
    th[aria-sort] button { color: var(--text); }
    td { padding: 7px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    tbody tr:hover { background: var(--panel); }
    .empty { padding: 20px; text-align: center; color: var(--muted); }
  `,
  ];

  private sorted(): R[] {
    const col = this.columns.find((c) => c.key === this.sortKey);
    if (!col) return this.rows;
    const dir = this.descending ? -1 : 1;
    return [...this.rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  }

  private sortBy(key: string) {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = this.columns.find((c) => c.key === key)?.numeric ?? false;
    }
  }

  override render() {
    const rows = this.sorted();
    return html`<table>
      <caption class="sr-only">${this.caption}</caption>
      <thead><tr>${this.columns.map((c) => {
        const sort = this.sortKey === c.key ? (this.descending ? 'descending' : 'ascending') : undefined;
        return html`<th scope="col" class=${c.numeric ? 'num' : ''} aria-sort=${sort ?? 'none'}>
          <button title=${c.title ?? ''} @click=${() => this.sortBy(c.key)}>${c.label}${sort ? (sort === 'descending' ? ' ↓' : ' ↑') : ''}</button></th>`;
      })}</tr></thead>
      <tbody>${
        rows.length === 0
          ? html`<tr><td class="empty" colspan=${this.columns.length}>${this.empty}</td></tr>`
          : rows.map(
              (r) =>
                html`<tr>${this.columns.map((c) => {
                  const v = c.value(r);
                  return html`<td class=${c.numeric ? 'num' : ''}>${c.render ? c.render(r) : v === null ? '—' : v}</td>`;
                })}</tr>`,
            )
      }</tbody>
    </table>`;
  }
}

if (!customElements.get('sc-data-table')) customElements.define('sc-data-table', ScDataTable);
