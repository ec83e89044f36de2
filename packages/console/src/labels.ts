// Labels as every console list shows them: the tag's name after a dot in the colour admins gave it (grey for a tag
// not in the catalogue). The text keeps the page's own colour, so any label colour stays readable in both themes.
import { css, html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Label } from '@support-chat/sdk';

export const labelStyles = css`
  .label { display: inline-flex; align-items: center; gap: 4px; padding: 0 6px; border: 1px solid var(--line);
    border-radius: 999px; font-size: 12px; line-height: 18px; background: var(--bg); white-space: nowrap; }
  .label .dot { width: 8px; height: 8px; border-radius: 50%; flex: none; background: #64748b; }
  .labels { display: inline-flex; flex-wrap: wrap; gap: 4px; }
`;

/** Catalogue lookup by name, as tags match labels: exactly, case included. */
export const colourOf = (labels: readonly Label[], tag: string) => labels.find((l) => l.name === tag)?.color;

export function labelChip(tag: string, labels: readonly Label[], extra: unknown = nothing) {
  const color = colourOf(labels, tag);
  return html`<span class="label"><span class="dot" style=${styleMap(color ? { background: color } : {})}></span>${tag}${extra}</span>`;
}

export function labelChips(tags: readonly string[] | undefined, labels: readonly Label[]) {
  if (!tags?.length) return nothing;
  return html`<span class="labels">${tags.map((t) => labelChip(t, labels))}</span>`;
}
