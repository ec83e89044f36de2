// Admin endpoints of the integrations: webhooks, the delivery log with redelivery, and the integration settings with
// what this server has set up (email in and out, SMS, CRM).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateWebhookBody,
  DeliveryResponse,
  IntegrationStatus,
  ListDeliveriesQuery,
  ListDeliveriesResponse,
  ListWebhooksResponse,
  OkResponse,
  UpdateIntegrationSettingsBody,
  UpdateWebhookBody,
  WebhookResponse,
  WebhookSecretResponse,
  deliveryIdParams,
  webhookIdParams,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import type { Integrations } from '../integrations/index.js';
import type { Dispatcher } from '../notifications/outbox.js';
import type { Settings } from '../settings/service.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from './service.js';

interface Options {
  deps: Deps;
  integrations: Integrations;
  dispatcher: Dispatcher;
  settings: Settings;
}

export const webhookRoutes: FastifyPluginAsyncZod<Options> = async (
  app,
  { deps, integrations, dispatcher, settings },
) => {
  const tags = ['integrations'];
  const admin = { auth: 'admin' } as const;

  app.get(
    '/api/webhooks',
    { config: admin, schema: { summary: 'List webhooks', tags, response: { 200: ListWebhooksResponse } } },
    async () => ({ webhooks: await listWebhooks(deps) }),
  );

  app.post(
    '/api/webhooks',
    {
      config: admin,
      schema: {
        summary: 'Add a webhook',
        tags,
        body: CreateWebhookBody,
        response: { 201: WebhookSecretResponse },
        description:
          'Its signing secret is in this answer only. Deliveries are POSTs of `{ id, type, createdAt, data }` signed ' +
          'in `X-Support-Chat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.',
      },
    },
    async (req, reply) => {
      const made = await createWebhook(deps, req.body);
      await integrations.webhooks.changed();
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'webhook.create',
        targetType: 'webhook',
        targetId: made.webhook.id,
        after: made.webhook,
      });
      return reply.code(201).send(made);
    },
  );

  app.put(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'Change a webhook (URL, events, description, on or off)',
        tags,
        params: webhookIdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookResponse },
      },
    },
    async (req) => {
      const { before, webhook } = await updateWebhook(deps, req.params.id, req.body);
      await integrations.webhooks.changed();
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'webhook.update',
        targetType: 'webhook',
        targetId: webhook.id,
        before,
        after: webhook,
      });
      return { webhook };
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'Delete a webhook (and its delivery log)',
        tags,
        params: webhookIdParams,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      const before = await deleteWebhook(deps, req.params.id);
      await integrations.webhooks.changed();
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'webhook.delete',
        targetType: 'webhook',
        targetId: before.id,
        before,
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/webhooks/:id/secret',
    {
      config: admin,
      schema: {
        summary: 'Rotate the signing secret',
        tags,
        params: webhookIdParams,
        response: { 200: WebhookSecretResponse },
        description: 'The new secret, in this answer only; deliveries from now on (retries too) are signed with it.',
      },
    },
    async (req) => {
      const made = await rotateWebhookSecret(deps, req.params.id);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'webhook.rotate_secret',
        targetType: 'webhook',
        targetId: made.webhook.id,
        after: { secretHint: made.webhook.secretHint },
      });
      return made;
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      config: admin,
      schema: {
        summary: 'Send a test delivery (`webhook.test`) now',
        tags,
        params: webhookIdParams,
        response: { 201: DeliveryResponse },
      },
    },
    async (req, reply) => {
      const delivery = await testWebhook(deps, req.params.id);
      dispatcher.kick();
      return reply.code(201).send({ delivery });
    },
  );

  app.get(
    '/api/deliveries',
    {
      config: admin,
      schema: {
        summary: 'The delivery log: emails, texts, CRM calls and webhook deliveries, newest first',
        tags,
        querystring: ListDeliveriesQuery,
        response: { 200: ListDeliveriesResponse },
      },
    },
    async (req) => listDeliveries(deps, req.query),
  );

  app.post(
    '/api/deliveries/:id/redeliver',
    {
      config: admin,
      schema: {
        summary: 'Send a delivery again',
        tags,
        params: deliveryIdParams,
        response: { 201: DeliveryResponse },
        description:
          'A new delivery with the same content (a webhook keeps its event id, so receivers can tell a repeat). ' +
          'Webhooks and CRM syncs in any final state; emails and texts only when they failed or bounced.',
      },
    },
    async (req, reply) => {
      const delivery = await redeliver(deps, req.params.id);
      dispatcher.kick();
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'delivery.redeliver',
        targetType: 'delivery',
        targetId: req.params.id,
        after: { id: delivery.id },
      });
      return reply.code(201).send({ delivery });
    },
  );

  const status = async (): Promise<IntegrationStatus> => ({
    settings: await settings.integrations(),
    email: {
      outgoing: Boolean(deps.config.smtp),
      incoming: Boolean(deps.config.inbound),
      supportAddress: deps.config.supportAddress ?? null,
    },
    sms: { configured: Boolean(deps.config.sms), onCallNumbers: deps.config.sms?.onCall.length ?? 0 },
    crm: { configured: integrations.crm.configured },
  });

  app.get(
    '/api/integrations',
    {
      config: admin,
      schema: {
        summary: 'What is set up: email in and out, SMS, CRM; and the integration settings',
        tags,
        response: { 200: IntegrationStatus },
      },
    },
    status,
  );

  app.put(
    '/api/integrations/settings',
    {
      config: admin,
      schema: {
        summary: 'Change the integration settings',
        tags,
        body: UpdateIntegrationSettingsBody,
        response: { 200: IntegrationStatus },
      },
    },
    async (req) => {
      const before = await settings.integrations();
      const after = await settings.setIntegrations(req.body, staffCaller(req.caller).userId);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'settings.integrations',
        targetType: 'settings',
        targetId: 'integrations',
        before,
        after,
      });
      return status();
    },
  );
};
