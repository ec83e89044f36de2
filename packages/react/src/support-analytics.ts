// <SupportAnalytics />: Reports (the seed's analytics and reporting), over <support-analytics>. Give it a signed-in
// staff `client` (admins see everyone's figures, agents their own) and, to have the live tiles pushed, the console's
// `realtime` connection; without one the tiles are asked for every few seconds. `onOpenTicket` hears a breached
// ticket being picked.
import { createComponent, type EventName } from '@lit/react';
import { SupportAnalytics as Element } from '@support-chat/console';
import * as React from 'react';

export const SupportAnalytics = createComponent({
  tagName: 'support-analytics',
  elementClass: Element,
  react: React,
  events: { onOpenTicket: 'sc-open-ticket' as EventName<HTMLElementEventMap['sc-open-ticket']> },
});
export default SupportAnalytics;
