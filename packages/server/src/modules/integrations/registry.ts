// The seed's integration API: `getEmailIntegration()`, `getSMSIntegration()`, `getCRMIntegration()`, for code that
// runs beside the server (scripts, plugins). They return the running server's own integrations, the same objects the
// product calls, so what they queue goes through the same outbox, retries and idempotency.
import type { Integrations } from './index.js';

let current: Integrations | undefined;

/** Called by buildApp: the integrations of the server that runs in this process (the last one started). */
export function useIntegrations(integrations: Integrations) {
  current = integrations;
}

/** Called as that server closes. */
export function forgetIntegrations(integrations: Integrations) {
  if (current === integrations) current = undefined;
}

function running(): Integrations {
  if (!current) throw new Error('support-chat is not running in this process: start it (buildApp) first');
  return current;
}

export const getEmailIntegration = () => running().email();
export const getSMSIntegration = () => running().sms();
export const getCRMIntegration = () => running().crm;
