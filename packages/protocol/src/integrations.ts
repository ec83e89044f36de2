// Integrations: signed webhooks, the outbox's deliveries as admins see them, CRM context, and their settings.
import { z } from 'zod';
import { deliveryChannels, deliveryStatuses, webhookEvents } from './constants.js';
import { isoDateTime, text, uuid } from './text.js';

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without credentials');

export const Webhook = z.object({
  id: uuid,
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(webhookEvents)),
  active: z.boolean(),
  /** The signing secret's last four characters (the secret is shown once, when made or rotated). */
  secretHint: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
const events = z
  .array(z.enum(webhookEvents))
  .min(1, 'choose at least one event')
  .max(webhookEvents.length)
  .transform((list) => [...new Set(list)]);
export const CreateWebhookBody = z.strictObject({
  url: webhookUrl,
  description: text(200).default(''),
  events,
  active: z.boolean().default(true),
});
export const UpdateWebhookBody = z
  .strictObject({
    url: webhookUrl.optional(),
    description: text(200).optional(),
    events: events.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const WebhookResponse = z.object({ webhook: Webhook });
/** The signing secret travels once, in the answer that made it (create, rotate). */
export const WebhookSecretResponse = z.object({ webhook: Webhook, secret: z.string() });
export const ListWebhooksResponse = z.object({ webhooks: z.array(Webhook) });

/** One outgoing notification or call, as admins see it (bodies stay in the outbox: they can hold customers' words). */
export const Delivery = z.object({
  id: uuid,
  channel: z.enum(deliveryChannels),
  kind: z.string(),
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  /** The HTTP status of the last answer (CRM and webhooks), or the SMTP reply code of a refusal. */
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  webhookId: uuid.nullable(),
  conversationId: uuid.nullable(),
  /** It can be sent again (POST /api/deliveries/:id/redeliver). */
  redeliverable: z.boolean(),
  nextAttemptAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const ListDeliveriesQuery = z.strictObject({
  channel: z.enum(deliveryChannels).optional(),
  status: z.enum(deliveryStatuses).optional(),
  webhookId: uuid.optional(),
  limit: queryInt(1, 200).default(50),
  offset: queryInt(0, 1_000_000).default(0),
});
export const ListDeliveriesResponse = z.object({ deliveries: z.array(Delivery), total: z.number().int() });
export const DeliveryResponse = z.object({ delivery: Delivery });

/** Team-wide integration settings an admin changes in the console. */
export const IntegrationSettings = z.object({
  /**
   * Let webhooks call private, loopback and link-local addresses (an intranet receiver). Off: such URLs are refused
   * when the call is made, including after a redirect or a DNS answer that points inside.
   */
  allowPrivateAddresses: z.boolean(),
});
export const UpdateIntegrationSettingsBody = IntegrationSettings.partial().strict();
/** What is set up on this server (from its environment), next to the settings admins change. */
export const IntegrationStatus = z.object({
  settings: IntegrationSettings,
  email: z.object({
    outgoing: z.boolean(),
    /** Replies by email are received (the inbound SMTP listener runs). */
    incoming: z.boolean(),
    supportAddress: z.string().nullable(),
  }),
  sms: z.object({ configured: z.boolean(), onCallNumbers: z.number().int() }),
  crm: z.object({ configured: z.boolean() }),
});

/** What the CRM knows of a customer, as text: whatever it returned, shaped for the customer panel. */
export const CrmContext = z.object({
  /** A CRM is connected (CRM_API_URL is set); the console shows no CRM section without one. */
  configured: z.boolean(),
  /** False: no CRM is configured, or it did not answer in time (the panel says which). */
  available: z.boolean(),
  /** Why it is not available, in words for the agent. */
  reason: z.string().nullable(),
  /** Label and value pairs (company, plan, lifetime value, …), in the CRM's order. */
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  orders: z.array(
    z.object({
      id: z.string(),
      date: z.string().nullable(),
      total: z.string().nullable(),
      status: z.string().nullable(),
    }),
  ),
  timeline: z.array(z.object({ at: z.string().nullable(), text: z.string() })),
  /** When the CRM answered (the panel's answer may come from a short-lived cache). */
  fetchedAt: isoDateTime.nullable(),
});
export const CrmContextResponse = z.object({ context: CrmContext });

export const webhookIdParams = z.strictObject({ id: uuid });
export const deliveryIdParams = z.strictObject({ id: uuid });

export type Webhook = z.infer<typeof Webhook>;
export type CreateWebhookBody = z.input<typeof CreateWebhookBody>;
export type UpdateWebhookBody = z.input<typeof UpdateWebhookBody>;
export type Delivery = z.infer<typeof Delivery>;
export type ListDeliveriesQuery = z.input<typeof ListDeliveriesQuery>;
export type IntegrationSettings = z.infer<typeof IntegrationSettings>;
export type IntegrationStatus = z.infer<typeof IntegrationStatus>;
export type CrmContext = z.infer<typeof CrmContext>;
export type CrmContextResponse = z.infer<typeof CrmContextResponse>;
export type WebhookResponse = z.infer<typeof WebhookResponse>;
export type WebhookSecretResponse = z.infer<typeof WebhookSecretResponse>;
export type ListWebhooksResponse = z.infer<typeof ListWebhooksResponse>;
export type ListDeliveriesResponse = z.infer<typeof ListDeliveriesResponse>;
export type DeliveryResponse = z.infer<typeof DeliveryResponse>;
export type UpdateIntegrationSettingsBody = z.infer<typeof UpdateIntegrationSettingsBody>;
