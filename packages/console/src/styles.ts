// The console's look, shared by its elements: system fonts, one accent, AA contrast in every state.
import { css } from 'lit';

export const base = css`
  /* Light by default; a page may set the --sc-* properties (theme.ts sets them for dark). */
  :host {
    --accent: var(--sc-primary, #1d4ed8);
    --accent-text: var(--sc-primary-ink, #fff);
    --bg: var(--sc-bg, #fff);
    --panel: var(--sc-panel, #f8fafc);
    --soft: var(--sc-soft, #f1f5f9);
    --line: var(--sc-line, #e2e8f0);
    --field-line: var(--sc-field-line, #94a3b8);
    --text: var(--sc-text, #0f172a);
    --muted: var(--sc-muted, #475569);
    --selected: var(--sc-selected, #dbeafe);
    --selected-line: var(--sc-selected-line, #bfdbfe);
    --note: var(--sc-note, #fef9c3);
    --note-line: var(--sc-note-line, #a16207);
    --danger: var(--sc-danger, #b91c1c);
    --ok: var(--sc-ok, #15803d);
    --warn: var(--sc-warn, #b45309);
    color: var(--text);
    font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  button, input, select, textarea { font: inherit; color: inherit; }
  button {
    cursor: pointer; border: 1px solid var(--line); background: var(--bg); border-radius: 6px; padding: 4px 10px;
  }
  button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
  button.danger { color: var(--danger); }
  button:disabled { opacity: .55; cursor: default; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
  input, select, textarea { border: 1px solid var(--field-line); border-radius: 6px; padding: 4px 8px; background: var(--bg); }
  h2, h3 { margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  ul { list-style: none; margin: 0; padding: 0; }
  .muted { color: var(--muted); }
  .badge { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: var(--accent); color: var(--accent-text); font-size: 12px; text-align: center; }
  .pill { display: inline-block; padding: 0 6px; border-radius: 4px; background: var(--line); font-size: 12px; }
  .pill.urgent, .pill.high { background: var(--sc-hot-bg, #fee2e2); color: var(--sc-hot-ink, #7f1d1d); }
  .pill.snoozed { background: var(--sc-snooze-bg, #ede9fe); color: var(--sc-snooze-ink, #4c1d95); }
  .pill.woke { background: var(--sc-woke-bg, #fef3c7); color: var(--sc-woke-ink, #78350f); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
