// The CRM's context for the customer panel: asked once per customer shown (the server caches and bounds the wait),
// dropped when another customer is shown before the answer arrives.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CrmContext, SupportChatClient } from '@support-chat/sdk';

export class CrmController implements ReactiveController {
  /** undefined while asking (or before); null when the request itself failed. */
  context?: CrmContext | null;
  /** Whether a CRM is connected, once an answer said; without one the panel never asks again. */
  configured?: boolean;
  private conversationId?: string;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected() {}

  /** Asks for the context of this conversation's customer (again only when the conversation changes). */
  load(client: SupportChatClient | undefined, conversationId: string | undefined) {
    if (!client || !conversationId || conversationId === this.conversationId || this.configured === false) return;
    this.conversationId = conversationId;
    this.context = undefined;
    this.host.requestUpdate();
    client.getCrmContext(conversationId).then(
      (context) => this.settle(conversationId, context),
      () => this.settle(conversationId, null),
    );
  }

  private settle(conversationId: string, context: CrmContext | null) {
    if (conversationId !== this.conversationId) return;
    if (context) this.configured = context.configured;
    this.context = context;
    this.host.requestUpdate();
  }
}
