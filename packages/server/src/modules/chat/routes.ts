import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConversationResponse,
  CrmContextResponse,
  IdParams,
  ListConversationsQuery,
  MarkReadBody,
  MessageParams,
  ReactBody,
  MarkReadResponse,
  MergeBody,
  MergeConversationResponse,
  OkResponse,
  RateConversationBody,
  RatingResponse,
  TranscriptBody,
  TranscriptResponse,
  TypingBody,
  ListConversationsResponse,
  ListMessagesQuery,
  ListMessagesResponse,
  MessageResponse,
  SendMessageBody,
  StartChatBody,
  StartChatResponse,
  UpdateConversationBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { cookieNames } from '../../http/auth.js';
import { rateKeys } from '../../identity/caller.js';
import { setSessionCookie } from '../../http/cookies.js';
import { requestContext } from '../../http/request-context.js';
import type { PollSlots } from '../../http/poll-slots.js';
import type { TypingTracker } from './typing.js';
import type { Dispatcher } from '../notifications/outbox.js';
import type { CrmIntegration } from '../integrations/crm.js';
import { conversationFor } from './dto.js';
import { getRating, rateConversation } from './ratings.js';
import { react } from './reactions.js';
import { mergeConversations } from './merge.js';
import { staffCaller } from '../../identity/caller.js';
import { confirmTranscript, requestTranscript } from './transcript.js';
import { z } from 'zod';
import { escapeHtml } from '../../lib/html.js';
import {
  getConversation,
  listConversations,
  listMessages,
  markRead,
  sendMessage,
  startConversation,
  typistFor,
  updateConversation,
  waitForMessages,
} from './service.js';

export const chatRoutes: FastifyPluginAsyncZod<{
  deps: Deps;
  typing: TypingTracker;
  dispatcher: Dispatcher;
  pollSlots: PollSlots;
  crm: CrmIntegration;
}> = async (app, { deps, typing, dispatcher, pollSlots, crm }) => {
  const tags = ['chat'];
  const { rateLimits } = deps.config;

  app.get(
    '/:id/crm',
    {
      config: { auth: 'agent' },
      schema: {
        summary: "What the CRM knows of the conversation's customer (company, plan, orders, timeline)",
        tags,
        params: IdParams,
        response: { 200: CrmContextResponse },
        description:
          'Never slower than CRM_TIMEOUT_MS: a CRM that is down or slow gives `available: false` and the reason. ' +
          'Answers are kept for CRM_CACHE_SECONDS.',
      },
    },
    async (req) => {
      const c = await getConversation(deps, req.caller!, req.params.id);
      return { context: await crm.getCustomerContext(c.customerId, { email: c.customerEmail }) };
    },
  );

  app.post(
    '/start',
    {
      config: { auth: 'public', rateLimit: { max: rateLimits.chatStart, timeWindow: rateLimits.windowMs } },
      schema: {
        summary: 'Start a conversation',
        tags,
        body: StartChatBody,
        response: { 200: StartChatResponse, 201: StartChatResponse },
        description: "Start a conversation (or return the visitor's open one, with 200). Sets the visitor cookie.",
      },
    },
    async (req, reply) => {
      const result = await startConversation(deps, req.caller, req.body, requestContext(deps.config, req));
      const expires = new Date(deps.clock.now().getTime() + deps.config.visitorTokenTtlMs);
      setSessionCookie(req, reply, cookieNames.visitor, result.visitorToken, expires, deps.config.publicUrl);
      // The answer is for the visitor the conversation belongs to, whoever asked.
      return reply
        .code(result.created ? 201 : 200)
        .send({ conversation: conversationFor(null, result.conversation), visitorToken: result.visitorToken });
    },
  );

  app.get(
    '',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'List conversations',
        tags,
        querystring: ListConversationsQuery,
        response: { 200: ListConversationsResponse },
      },
    },
    async (req) => {
      const page = await listConversations(deps, req.caller!, req.query);
      return { ...page, conversations: page.conversations.map((c) => conversationFor(req.caller, c)) };
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: { summary: 'Get a conversation', tags, params: IdParams, response: { 200: ConversationResponse } },
    },
    async (req) => ({
      conversation: conversationFor(req.caller, await getConversation(deps, req.caller!, req.params.id)),
    }),
  );

  app.put(
    '/:id',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Update a conversation (status, assignment, subject, tags, priority)',
        tags,
        params: IdParams,
        body: UpdateConversationBody,
        response: { 200: ConversationResponse },
      },
    },
    async (req) => ({
      conversation: conversationFor(req.caller, await updateConversation(deps, req.caller!, req.params.id, req.body)),
    }),
  );

  app.post(
    '/:id/message',
    {
      config: {
        auth: ['visitor', 'agent'],
        // Per sender, not per IP: one visitor cannot flood a conversation, and an office behind one NAT is not one sender.
        rateLimit: {
          max: (req) => (req.caller?.kind === 'user' ? 10 : 1) * rateLimits.messagesPerMinute,
          timeWindow: 60_000,
          keyGenerator: rateKeys.bySender,
        },
      },
      schema: {
        summary: 'Send a message',
        tags,
        params: IdParams,
        body: SendMessageBody,
        response: { 200: MessageResponse, 201: MessageResponse },
        description: 'Send a message. A retry with the same clientMessageId returns the stored message with 200.',
      },
    },
    async (req, reply) => {
      const { message, created } = await sendMessage(deps, req.caller!, req.params.id, req.body);
      return reply.code(created ? 201 : 200).send({ message });
    },
  );

  app.get(
    '/:id/messages',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Page through messages (or long-poll with wait)',
        tags,
        params: IdParams,
        querystring: ListMessagesQuery,
        response: { 200: ListMessagesResponse },
      },
    },
    async (req) => {
      const { wait, afterSeq } = req.query;
      if (!wait || afterSeq === undefined) return listMessages(deps, req.caller!, req.params.id, req.query);
      // Long-poll for networks that block WebSockets: answered early by a new message, the deadline, or shutdown.
      return pollSlots.hold(req.caller!, req.raw, (signal) =>
        waitForMessages(deps, req.caller!, req.params.id, { limit: req.query.limit, afterSeq }, wait * 1000, signal),
      );
    },
  );

  app.post(
    '/:id/read',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Mark messages read',
        tags,
        params: IdParams,
        body: MarkReadBody,
        response: { 200: MarkReadResponse },
        description: "Read receipt: marks the other side's messages up to this one as read.",
      },
    },
    async (req) => markRead(deps, req.caller!, req.params.id, req.body.messageId),
  );

  app.put(
    '/:id/messages/:messageId/reactions',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'React to a message, or take your reaction back',
        tags,
        params: MessageParams,
        body: ReactBody,
        response: { 200: MessageResponse },
        description:
          'One of a small set of emoji; the customer and each agent have at most one of each per message. Notes and system lines take none.',
      },
    },
    async (req) => ({ message: await react(deps, req.caller!, req.params.id, req.params.messageId, req.body) }),
  );

  app.post(
    '/:id/merge',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Merge another conversation of the same customer into this one',
        tags,
        params: IdParams,
        body: MergeBody,
        response: { 200: MergeConversationResponse },
        description:
          "The other conversation's messages (notes too) join this thread in time order and it is closed, pointing here (mergedIntoId); the thread gets a line saying who merged. Agents merge conversations they may move (their own, or unassigned ones); admins any. Both conversations' followers get conversation_merged.",
      },
    },
    async (req) => mergeConversations(deps, staffCaller(req.caller), req.params.id, req.body.sourceId),
  );

  app.put(
    '/:id/rating',
    {
      config: { auth: 'visitor' },
      schema: {
        summary: 'Rate a resolved conversation (CSAT)',
        tags,
        params: IdParams,
        body: RateConversationBody,
        response: { 200: RatingResponse },
        description:
          'CSAT from the customer once the conversation is resolved: 1-5 and an optional comment; rating again replaces it.',
      },
    },
    async (req) => ({ rating: await rateConversation(deps, req.caller!, req.params.id, req.body) }),
  );

  app.post(
    '/:id/transcript',
    {
      config: {
        auth: ['visitor', 'agent'],
        rateLimit: { max: 5, timeWindow: 3_600_000, keyGenerator: rateKeys.byVisitorOrIp },
      },
      schema: {
        summary: 'Email the transcript',
        tags,
        params: IdParams,
        body: TranscriptBody,
        response: { 202: TranscriptResponse },
        description:
          "Email the transcript. Visitors: to the conversation's own address, after a confirmation link unless the customer is verified; a few per address per day. Queued in the outbox; asking twice sends once.",
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(
          await requestTranscript(
            deps,
            dispatcher,
            req.caller!,
            req.params.id,
            req.body.email,
            requestContext(deps.config, req).serverOrigin,
          ),
        ),
  );

  app.get(
    '/transcript/confirm',
    {
      // Opened from the confirmation email, in a browser: a small page, not JSON.
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        summary: 'Confirm a transcript address (link from the email)',
        tags,
        querystring: z.object({ token: z.string().max(200) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const to = await confirmTranscript(deps, dispatcher, req.query.token);
      const [status, text] = to
        ? [200, `The transcript is on its way to ${to}.`]
        : [410, 'This link has expired or was used already. Ask for the transcript again in the chat.'];
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'")
        .send(
          `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Transcript</title>` +
            `<p style="font:16px system-ui;margin:3em auto;max-width:30em">${escapeHtml(text)}</p>`,
        );
    },
  );

  app.get(
    '/:id/rating',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Get the rating of a conversation',
        tags,
        params: IdParams,
        response: { 200: RatingResponse },
      },
    },
    async (req) => ({ rating: await getRating(deps, req.caller!, req.params.id) }),
  );

  app.post(
    '/:id/typing',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Typing indicator',
        tags,
        params: IdParams,
        body: TypingBody,
        response: { 200: OkResponse },
        description: 'Typing indicator for clients without a socket; expires by itself if not stopped.',
      },
    },
    async (req) => {
      const typist = await typistFor(deps, req.caller!, req.params.id);
      await (req.body.isTyping ? typing.typing(typist) : typing.stop(typist));
      return { ok: true as const };
    },
  );
};
