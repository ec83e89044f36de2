// The look of the admin tables (agents, teams, audit log): one row per record, muted secondary lines, and at tablet
// widths tighter cells and stacked row actions.
import { css } from 'lit';

export const tableStyles = css`
  :host { display: block; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; padding: 6px 8px; border-bottom: 1px solid var(--line); }
  td { padding: 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
  tr.inactive td { color: var(--muted); }
  .who strong { display: block; }
  .sub { display: block; font-size: 12px; color: var(--muted); }
  td .pill { white-space: nowrap; margin: 1px 0; }
  .actions { display: flex; gap: 6px; justify-content: flex-end; flex-wrap: wrap; }
  .empty { padding: 24px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }
  @media (max-width: 900px) {
    th, td { padding: 6px 4px; }
    .actions { flex-direction: column; align-items: stretch; }
  }
`;

/** Settings pages (sites, business hours): cards of fields with hints and errors beside them, and code to copy. */
export const settingsStyles = css`
  :host { display: block; }
  .card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; display: grid; gap: 10px; background: var(--bg); }
  .card + .card { margin-top: 14px; }
  .card h2 { font-size: 13px; }
  .hint { color: var(--muted); font-size: 12.5px; margin: 0; }
  .field-error, [role=alert] { color: var(--danger); font-size: 12.5px; margin: 0; }
  label.field { display: grid; gap: 4px; font-weight: 500; }
  label.check { display: flex; gap: 8px; align-items: center; }
  fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 6px; }
  legend { font-weight: 500; padding: 0; margin-bottom: 4px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .actions { display: flex; gap: 8px; align-items: center; }
  p { margin: 0; }
  pre { margin: 0; background: #0f172a; color: #e2e8f0; border-radius: 8px; padding: 10px 12px; overflow-x: auto;
    font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; }
  code.key { font: 13px ui-monospace, monospace; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
    padding: 2px 8px; overflow-wrap: anywhere; }
  .code-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
  .once { border: 1px solid var(--accent); border-radius: 8px; padding: 10px 12px; background: var(--panel); display: grid; gap: 6px; }
`;
