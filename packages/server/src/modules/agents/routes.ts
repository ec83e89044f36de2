import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgentActivityQuery,
  AgentActivityResponse,
  AgentResponse,
  CreateAgentBody,
  CreateAgentResponse,
  CreateTeamBody,
  DeleteTeamQuery,
  DeleteTeamResponse,
  IdParams,
  ListAgentsResponse,
  ListTeamsResponse,
  TeamResponse,
  UpdateAgentBody,
  UpdateTeamBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import {
  agentActivity,
  createAgent,
  createTeam,
  deleteTeam,
  getAgentDto,
  getTeam,
  listAgents,
  listTeams,
  updateAgent,
  updateTeam,
} from './service.js';

export const agentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['agents'];
  // Colleagues can see each other (the console's transfer list); only admins change anything.
  app.get(
    '',
    { config: { auth: 'agent' }, schema: { summary: 'List agents', tags, response: { 200: ListAgentsResponse } } },
    async () => ({ agents: await listAgents(deps.db) }),
  );

  app.get(
    '/activity',
    {
      config: { auth: 'admin' },
      schema: {
        summary: "What each agent has done since an instant (today's counts)",
        tags,
        querystring: AgentActivityQuery,
        response: { 200: AgentActivityResponse },
      },
    },
    async (req) => ({ since: req.query.since, activity: await agentActivity(deps.db, new Date(req.query.since)) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create an agent and their login',
        tags,
        body: CreateAgentBody,
        response: { 201: CreateAgentResponse },
      },
    },
    async (req, reply) => {
      const created = await createAgent(deps, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'agent.create',
        targetType: 'agent',
        targetId: created.agent.id,
        after: created.agent,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Get an agent', tags, params: IdParams, response: { 200: AgentResponse } },
    },
    async (req) => ({ agent: await getAgentDto(deps.db, req.params.id) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update an agent (profile, role, teams, limits, password)',
        tags,
        params: IdParams,
        body: UpdateAgentBody,
        response: { 200: AgentResponse },
      },
    },
    async (req) => {
      const { status, ...rest } = req.body;
      const before = await getAgentDto(deps.db, req.params.id);
      if (Object.keys(rest).length) await updateAgent(deps, req.params.id, rest);
      // Status goes through presence, so consoles hear of it and the router reacts.
      if (status !== undefined) await deps.routing.setStatus(req.params.id, status);
      deps.routing.kick();
      const agent = await getAgentDto(deps.db, req.params.id);
      const changed = { ...rest, ...(status === undefined ? {} : { status }) };
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'agent.update',
        targetType: 'agent',
        targetId: agent.id,
        before,
        after: { ...agent, changed: Object.keys(changed) },
      });
      return { agent };
    },
  );
};

export const teamRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['teams'];
  app.get(
    '',
    { config: { auth: 'agent' }, schema: { summary: 'List teams', tags, response: { 200: ListTeamsResponse } } },
    async () => ({ teams: await listTeams(deps.db) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a team', tags, body: CreateTeamBody, response: { 201: TeamResponse } },
    },
    async (req, reply) => {
      const team = await createTeam(deps.db, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'team.create',
        targetType: 'team',
        targetId: team.id,
        after: team,
      });
      return reply.code(201).send({ team });
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Get a team', tags, params: IdParams, response: { 200: TeamResponse } },
    },
    async (req) => ({ team: await getTeam(deps.db, req.params.id) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update a team (name, members, assignment mode)',
        tags,
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamResponse },
      },
    },
    async (req) => {
      const before = await getTeam(deps.db, req.params.id);
      const team = await updateTeam(deps.db, req.params.id, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'team.update',
        targetType: 'team',
        targetId: team.id,
        before,
        after: team,
      });
      deps.routing.kick();
      return { team };
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a team (one with members, open chats, tickets or rules needs ?reassignTo)',
        tags,
        params: IdParams,
        querystring: DeleteTeamQuery,
        response: { 200: DeleteTeamResponse },
      },
    },
    async (req) => {
      const { before, moved } = await deleteTeam(deps.db, req.params.id, req.query.reassignTo);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'team.delete',
        targetType: 'team',
        targetId: before.id,
        before,
        after: { reassignTo: req.query.reassignTo ?? null, moved },
      });
      deps.routing.kick();
      return { ok: true as const, moved };
    },
  );
};
