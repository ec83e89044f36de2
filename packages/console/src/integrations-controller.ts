// The Integrations page's data: what the server has set up, the webhooks, and a page of the delivery log with its
// filters. Every change reloads what it touched; failures become `error` for the page to show.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Delivery, IntegrationStatus, ListDeliveriesQuery, SupportChatClient, Webhook } from '@support-chat/sdk';
import { errorText } from './format.js';

const PAGE = 25;

export class IntegrationsController implements ReactiveController {
  status?: IntegrationStatus;
  webhooks?: Webhook[];
  deliveries: Delivery[] = [];
  total = 0;
  filter: Pick<ListDeliveriesQuery, 'channel' | 'status' | 'webhookId'> = {};
  error = '';
  /** A secret just made (a new webhook, or a rotation): shown once. */
  secret?: { webhook: Webhook; secret: string };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SupportChatClient | undefined,
  ) {
    host.addController(this);
  }

  hostConnected() {
    void this.load();
  }

  private async attempt<T>(p: Promise<T>): Promise<T | undefined> {
    try {
      const r = await p;
      this.error = '';
      return r;
    } catch (err) {
      this.error = errorText(err);
      return undefined;
    } finally {
      this.host.requestUpdate();
    }
  }

  async load() {
    const c = this.client();
    if (!c) return;
    await this.attempt(
      Promise.all([c.getIntegrations(), c.listWebhooks(), this.fetchDeliveries(0)]).then(([status, webhooks, page]) => {
        this.status = status;
        this.webhooks = webhooks;
        this.deliveries = page.deliveries;
        this.total = page.total;
      }),
    );
  }

  private fetchDeliveries(offset: number) {
    return this.client()!.listDeliveries({ ...this.filter, limit: PAGE, offset });
  }

  async setFilter(filter: IntegrationsController['filter']) {
    this.filter = filter;
    const page = await this.attempt(this.fetchDeliveries(0));
    if (page) {
      this.deliveries = page.deliveries;
      this.total = page.total;
    }
  }

  async more() {
    const page = await this.attempt(this.fetchDeliveries(this.deliveries.length));
    if (page) {
      this.deliveries = [...this.deliveries, ...page.deliveries];
      this.total = page.total;
    }
  }

  created(made: { webhook: Webhook; secret?: string }) {
    if (made.secret) this.secret = { webhook: made.webhook, secret: made.secret };
    void this.load();
  }

  async setActive(w: Webhook, active: boolean) {
    if (await this.attempt(this.client()!.updateWebhook(w.id, { active }))) await this.load();
  }

  async rotate(w: Webhook) {
    const made = await this.attempt(this.client()!.rotateWebhookSecret(w.id));
    if (made) this.created(made);
  }

  async test(w: Webhook) {
    if (await this.attempt(this.client()!.testWebhook(w.id))) {
      // The dispatcher sends it within a moment; show its outcome then.
      await new Promise((r) => setTimeout(r, 1500));
      await this.load();
    }
  }

  async remove(w: Webhook) {
    if (await this.attempt(this.client()!.deleteWebhook(w.id))) await this.load();
  }

  async redeliver(d: Delivery) {
    if (await this.attempt(this.client()!.redeliver(d.id))) {
      await new Promise((r) => setTimeout(r, 1500));
      await this.load();
    }
  }

  async allowPrivate(allow: boolean) {
    const status = await this.attempt(this.client()!.updateIntegrationSettings({ allowPrivateAddresses: allow }));
    if (status) this.status = status;
  }
}
