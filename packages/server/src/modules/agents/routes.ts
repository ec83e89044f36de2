import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgentResponse,
  CreateAgentBody,
  CreateAgentResponse,
  CreateTeamBody,
  IdParams,
  ListAgentsResponse,
  ListTeamsResponse,
  TeamResponse,
  UpdateAgentBody,
  UpdateTeamBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import {
  createAgent,
  createTeam,
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
    async (req, reply) => reply.code(201).send(await createAgent(deps, req.body)),
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
      if (Object.keys(rest).length) await updateAgent(deps, req.params.id, rest);
      // Status goes through presence, so consoles hear of it and the router reacts.
      if (status !== undefined) await deps.routing.setStatus(req.params.id, status);
      deps.routing.kick();
      return { agent: await getAgentDto(deps.db, req.params.id) };
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
    async (req, reply) => reply.code(201).send({ team: await createTeam(deps.db, req.body) }),
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
    async (req) => ({ team: await updateTeam(deps.db, req.params.id, req.body) }),
  );
};
