// <CannedResponses onSelect={(response) => …} />: the seed's picker. The element fires `sc-select` with
// `{ response }`; the seed's `onSelect` takes the response itself, so this adapts the one to the other. With
// `mode="manage"` (and `client`, `teams`, `canShare`) it is the admin's manager; `onSaved` hears each change.
import { createComponent } from '@lit/react';
import type { CannedResponse } from '@support-chat/sdk';
import { CannedResponses as CannedResponsesElement } from '@support-chat/console';
import * as React from 'react';

const Element = createComponent({
  tagName: 'canned-responses',
  elementClass: CannedResponsesElement,
  react: React,
  events: { onSelectEvent: 'sc-select', onSaved: 'sc-saved' },
});

export type CannedResponsesProps = Omit<React.ComponentProps<typeof Element>, 'onSelect' | 'onSelectEvent'> & {
  onSelect?: (response: CannedResponse) => void;
};

export function CannedResponses({ onSelect, ...props }: CannedResponsesProps) {
  return React.createElement(Element, {
    ...props,
    onSelectEvent: (e: Event) => onSelect?.((e as CustomEvent<{ response: CannedResponse }>).detail.response),
  });
}
export default CannedResponses;
