// The console's look, shared by its elements: system fonts, one accent, AA contrast in every state.
import { css } from 'lit';

export const base = css`
  :host {
    --accent: #1d4ed8;
    --accent-text: #fff;
    --bg: #fff;
    --panel: #f8fafc;
    --line: #e2e8f0;
    --text: #0f172a;
    --muted: #475569;
    --note: #fef9c3;
    --danger: #b91c1c;
    --ok: #15803d;
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
  input, select, textarea { border: 1px solid #94a3b8; border-radius: 6px; padding: 4px 8px; background: var(--bg); }
  h2, h3 { margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  ul { list-style: none; margin: 0; padding: 0; }
  .muted { color: var(--muted); }
  .badge { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: var(--accent); color: #fff; font-size: 12px; text-align: center; }
  .pill { display: inline-block; padding: 0 6px; border-radius: 4px; background: var(--line); font-size: 12px; }
  .pill.urgent, .pill.high { background: #fee2e2; color: #7f1d1d; }
  .pill.snoozed { background: #ede9fe; color: #4c1d95; }
  .pill.woke { background: #fef3c7; color: #78350f; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
