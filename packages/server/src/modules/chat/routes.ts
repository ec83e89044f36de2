import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConversationResponse, IdParams, ListConversationsQuery, ListConversationsResponse, ListMessagesQuery,
  ListMessagesResponse, MessageResponse, QueueQuery, QueueResponse, SendMessageBody, StartChatBody, StartChatResponse,
  UpdateConversationBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { cookieNames } from '../../http/auth.js';
import { setSessionCookie } from '../../http/cookies.js';
import { requestContext } from '../../http/request-context.js';
import {
  getConversation, getQueue, listConversations, listMessages, sendMessage, startConversation, updateConversation,
} from './service.js';

export const chatRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['chat'];
  const { rateLimits } = deps.config;

  app.post('/start', {
    config: { auth: 'public', rateLimit: { max: rateLimits.chatStart, timeWindow: rateLimits.windowMs } },
    schema: {
      tags, body: StartChatBody, response: { 200: StartChatResponse, 201: StartChatResponse },
      description: 'Start a conversation (or return the visitor\'s open one, with 200). Sets the visitor cookie.',
    },
  }, async (req, reply) => {
    const result = await startConversation(deps, req.caller, req.body, requestContext(deps.config, req));
    const expires = new Date(deps.clock.now().getTime() + deps.config.visitorTokenTtlMs);
    setSessionCookie(req, reply, cookieNames.visitor, result.visitorToken, expires, deps.config.publicUrl);
    return reply.code(result.created ? 201 : 200).send({ conversation: result.conversation, visitorToken: result.visitorToken });
  });

  app.get('/queue', {
    config: { auth: 'agent' },
    schema: { tags, querystring: QueueQuery, response: { 200: QueueResponse } },
  }, async (req) => ({ queue: await getQueue(deps, req.query) }));

  app.get('', {
    config: { auth: ['visitor', 'agent'] },
    schema: { tags, querystring: ListConversationsQuery, response: { 200: ListConversationsResponse } },
  }, async (req) => listConversations(deps, req.caller!, req.query));

  app.get('/:id', {
    config: { auth: ['visitor', 'agent'] },
    schema: { tags, params: IdParams, response: { 200: ConversationResponse } },
  }, async (req) => ({ conversation: await getConversation(deps, req.caller!, req.params.id) }));

  app.put('/:id', {
    config: { auth: ['visitor', 'agent'] },
    schema: { tags, params: IdParams, body: UpdateConversationBody, response: { 200: ConversationResponse } },
  }, async (req) => ({ conversation: await updateConversation(deps, req.caller!, req.params.id, req.body) }));

  app.post('/:id/message', {
    config: { auth: ['visitor', 'agent'] },
    schema: {
      tags, params: IdParams, body: SendMessageBody, response: { 200: MessageResponse, 201: MessageResponse },
      description: 'Send a message. A retry with the same clientMessageId returns the stored message with 200.',
    },
  }, async (req, reply) => {
    const { message, created } = await sendMessage(deps, req.caller!, req.params.id, req.body);
    return reply.code(created ? 201 : 200).send({ message });
  });

  app.get('/:id/messages', {
    config: { auth: ['visitor', 'agent'] },
    schema: { tags, params: IdParams, querystring: ListMessagesQuery, response: { 200: ListMessagesResponse } },
  }, async (req) => listMessages(deps, req.caller!, req.params.id, req.query));
};
