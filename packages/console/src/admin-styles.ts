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
