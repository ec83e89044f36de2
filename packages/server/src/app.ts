// buildApp(config): the whole server as a Fastify instance. External plugins first, then services,
// then one route plugin per domain. main.ts only parses config, listens and shuts down.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { serverOrigin, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import type { Deps } from './deps.js';
import authPlugin from './http/auth.js';
import { frameworkErrors, installErrorHandling } from './http/error-handler.js';
import { requestServerOrigin } from './http/request-context.js';
import { systemClock, type Clock } from './lib/clock.js';
import { loggerOptions, type DestinationStream } from './lib/logger.js';
import { analyticsRoutes, reportRoutes } from './modules/analytics/routes.js';
import { RollupJob } from './modules/analytics/rollups.js';
import { WeeklyReportJob } from './modules/analytics/weekly-report.js';
import { LiveFeed } from './modules/analytics/live-feed.js';
import { auditRoutes } from './modules/audit/routes.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { Settings } from './modules/settings/service.js';
import { cannedRoutes } from './modules/canned/routes.js';
import { labelRoutes } from './modules/labels/routes.js';
import { macroRoutes } from './modules/macros/routes.js';
import { contactRoutes } from './modules/contacts/routes.js';
import { viewRoutes } from './modules/views/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { SearchIndexer } from './modules/search/indexer.js';
import { CallerCache } from './identity/caller-cache.js';
import { openFileStore, S3FileStore } from './modules/uploads/store.js';
import { localLimits, RedisLimits } from './lib/shared-limits.js';
import { agentRoutes, teamRoutes } from './modules/agents/routes.js';
import { apiKeyRoutes, authRoutes } from './modules/auth/routes.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';
import { chatRoutes } from './modules/chat/routes.js';
import { MessageWriter } from './modules/chat/writer.js';
import { Dispatcher } from './modules/notifications/outbox.js';
import { Integrations } from './modules/integrations/index.js';
import { InboundMail } from './modules/mail-in/listener.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { forgetIntegrations, useIntegrations } from './modules/integrations/registry.js';
import { SlaWatcher } from './modules/sla/watcher.js';
import { SnoozeWaker } from './modules/chat/snooze-waker.js';
import { Presence } from './modules/routing/presence.js';
import { Router } from './modules/routing/router.js';
import { routingRoutes } from './modules/routing/routes.js';
import { decideRouting } from './modules/routing/rules.js';
import { healthRoutes } from './modules/health/routes.js';
import { anySiteAllowsOrigin, siteAllowsOrigin } from './modules/sites/service.js';
import { siteRoutes } from './modules/sites/routes.js';
import { ticketRoutes } from './modules/tickets/routes.js';
import { uploadRoutes } from './modules/uploads/routes.js';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import { wsProtocol } from '@support-chat/protocol';
import { describeField } from '@support-chat/protocol/field-docs';
import { InProcessBus, type Bus } from './bus/bus.js';
import { Gateway, gatewayRoutes } from './gateway/gateway.js';
import { PollSlots } from './http/poll-slots.js';
import { describeFields, documentEveryRoute } from './http/openapi.js';
import { RedisBus } from './bus/redis-bus.js';
import { TypingTracker } from './modules/chat/typing.js';
import { landingPage } from './http/landing.js';
import { uiAssets } from './http/ui-assets.js';

export { getCRMIntegration, getEmailIntegration, getSMSIntegration } from './modules/integrations/registry.js';

export interface BuildOptions {
  /** An open database; the caller keeps ownership. Without it the app opens (and closes) its own. */
  database?: DatabaseHandle;
  bus?: Bus;
  clock?: Clock;
  /** Where JSON logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    supportChat: { deps: Deps; bootstrap: BootstrapResult; database: DatabaseHandle };
    router: Router;
    /** Delivers the notifications outbox (tests kick it after moving the clock). */
    dispatcher: Dispatcher;
    /** The inbound SMTP listener (replies by email), when INBOUND_SMTP_PORT is set. */
    inboundMail: InboundMail;
    /** This node's SLA watcher (tests run a pass with `tick()` after moving the clock). */
    slaWatcher: SlaWatcher;
    snoozeWaker: SnoozeWaker;
    /** This node's weekly report email job (tests run it with `tick()` after moving the clock). */
    weeklyReport: WeeklyReportJob;
    /** This node's analytics roll-up job (tests recompute days with it after moving the clock). */
    rollups: RollupJob;
  }
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { ...loggerOptions(config.logLevel), stream: opts.logStream ?? process.stdout },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Prototype poisoning in JSON bodies is an error, never an object with a poisoned prototype.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  const ownsDatabase = !opts.database;
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  let bus: Bus;
  try {
    bus =
      opts.bus ??
      (config.redisUrl
        ? await RedisBus.connect(config.redisUrl, config.redisPrefix, app.log)
        : new InProcessBus((err) => app.log.error({ err }, 'bus handler failed')));
  } catch (err) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw err;
  }
  app.addHook('onClose', async () => {
    if (!opts.bus) await bus.close();
    if (ownsDatabase) await database.close();
  });

  let bootstrapResult: BootstrapResult;
  try {
    await database.migrate();
    bootstrapResult = await bootstrap({ db: database.db, config, log: app.log }, [serverOrigin(config)]);
  } catch (err) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw err;
  }

  // The router needs deps and services need the router: deps.routing forwards to it once it exists.
  let router: Router | undefined;
  const settings = new Settings({ db: database.db, bus, config, log: app.log });
  await settings.start();
  app.addHook('onClose', async () => settings.stop());
  const clock = opts.clock ?? systemClock;
  const integrations = new Integrations({ db: database.db, bus, clock, config, log: app.log });
  await integrations.start();
  useIntegrations(integrations);
  app.addHook('onClose', async () => {
    integrations.stop();
    forgetIntegrations(integrations);
  });
  const limits = config.redisUrl
    ? await RedisLimits.connect(config.redisUrl, config.redisPrefix, (err) =>
        app.log.warn({ err }, 'shared limits: redis error'),
      )
    : localLimits();
  app.addHook('onClose', async () => limits.close());
  const files = await openFileStore(config);
  if (files instanceof S3FileStore) app.addHook('onClose', async () => files.close());
  const callers = new CallerCache();
  await callers.start(bus);
  app.addHook('onClose', async () => callers.stop());
  const searchIndex = new SearchIndexer({ db: database.db, clock, log: app.log });
  await searchIndex.start();
  app.addHook('preClose', async () => searchIndex.stop());
  const deps: Deps = {
    db: database.db,
    bus,
    clock,
    config,
    log: app.log,
    messages: new MessageWriter(database.db, integrations, database.kind === 'postgres'),
    routing: {
      kick: () => router?.kick(),
      agentActive: (id) => router?.presence.markActive(id),
      setStatus: (id, status) => router!.presence.setStatus(id, status),
      decide: (subject) => decideRouting(database.db, subject),
    },
    settings,
    integrations,
    searchIndex,
    limits,
    files,
    callers,
  };
  router = new Router(deps, new Presence(deps));
  app.decorate('router', router);
  router.start();
  app.addHook('preClose', async () => {
    router!.stop();
    await router!.idle();
  });
  const typing = new TypingTracker(deps, config.realtime.typingTimeoutMs);
  app.addHook('onClose', async () => typing.close());
  app.decorate('supportChat', { deps, bootstrap: bootstrapResult, database });

  await app.register(cookie);
  await app.register(helmet, {
    // The API answers JSON; pages (docs, widget demo, console) set their own policies as they arrive.
    contentSecurityPolicy: false,
    // The widget and its uploads are loaded from customers' sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  const corsBase = {
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
  };
  await app.register(cors, {
    // Cross-origin widgets call with a bearer token (no cookies), from origins some site allows. Availability is
    // public and read-only, and answers any origin, so a widget on a page nobody allowed learns that it is not; so is
    // the widget's look (the loader draws the launcher from it before anything else).
    delegator: (req, cb) => {
      const origin = req.headers.origin;
      if (/^\/api\/sites\/(by-key\/[^/?]+|[^/?]+\/availability)(\?|$)/.test(req.url ?? ''))
        return cb(null, { ...corsBase, origin: true, methods: ['GET'] });
      if (!origin) return cb(null, { ...corsBase, origin: false });
      anySiteAllowsOrigin(database.db, origin).then(
        (ok) => cb(null, { ...corsBase, origin: ok }),
        (err) => cb(err as Error, { origin: false }),
      );
    },
  });
  await app.register(rateLimit, {
    global: false,
    // With Redis, every node counts into one total per key; if Redis fails, requests pass rather than fail.
    ...(limits.redis ? { redis: limits.redis, nameSpace: `${config.redisPrefix}rl:`, skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, message: `Rate limit exceeded, retry in ${ctx.after}` }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'support-chat API',
        version: '0.1.0',
        description: 'Live chat and tickets. Errors are always `{ error: { code, message, details? } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) =>
      describeFields('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject, describeField),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, {
    // Two files and one field are let through so the route can say what is wrong (one file per upload).
    limits: { fileSize: config.uploads.maxBytes, files: 2, fields: 1, parts: 3, headerPairs: 50 },
  });
  await app.register(websocket, {
    // Above maxPayload ws closes with 1009; compression stays off (CPU and memory per socket, CRIME-style leaks).
    options: {
      maxPayload: config.realtime.maxPayload,
      perMessageDeflate: false,
      // Select our protocol, never echo the one that carries the token (browsers insist on an answer).
      handleProtocols: (offered: Set<string>) => (offered.has(wsProtocol) ? wsProtocol : false),
    },
  });

  await app.register(authPlugin, {
    sessions: deps,
    serverOrigin: (req) => requestServerOrigin(config, req),
    siteAllowsOrigin: (siteId, origin) => siteAllowsOrigin(database.db, siteId, origin),
    onAgentRequest: (agentId) => router!.presence.markSeen(agentId),
  });

  documentEveryRoute(app);
  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { prefix: '/api/auth', deps });
  await app.register(apiKeyRoutes, { prefix: '/api/api-keys', deps });
  await app.register(agentRoutes, { prefix: '/api/agents', deps });
  await app.register(teamRoutes, { prefix: '/api/teams', deps });
  await app.register(auditRoutes, { prefix: '/api/audit-log', deps });
  await app.register(settingsRoutes, { prefix: '/api/settings', deps, settings });
  await app.register(siteRoutes, { prefix: '/api/sites', deps });
  const dispatcher = new Dispatcher(deps, integrations.dispatcherOptions());
  app.decorate('dispatcher', dispatcher);
  dispatcher.start();
  app.addHook('preClose', async () => dispatcher.stop());
  const inboundMail = new InboundMail(deps, integrations);
  app.decorate('inboundMail', inboundMail);
  await inboundMail.start();
  app.addHook('preClose', async () => inboundMail.stop());
  const slaWatcher = new SlaWatcher(deps);
  app.decorate('slaWatcher', slaWatcher);
  slaWatcher.start();
  app.addHook('preClose', async () => slaWatcher.stop());
  const snoozeWaker = new SnoozeWaker(deps);
  app.decorate('snoozeWaker', snoozeWaker);
  snoozeWaker.start();
  app.addHook('preClose', async () => snoozeWaker.stop());
  const weeklyReport = new WeeklyReportJob(deps);
  app.decorate('weeklyReport', weeklyReport);
  weeklyReport.start();
  app.addHook('preClose', async () => weeklyReport.stop());
  const rollups = new RollupJob(deps);
  app.decorate('rollups', rollups);
  rollups.start();
  app.addHook('preClose', async () => rollups.stop());
  // Held long-polls (messages and events) count against one per-caller limit and all end at shutdown.
  const pollSlots = new PollSlots(config.realtime.maxLongPollsPerVisitor);
  app.addHook('preClose', async () => pollSlots.abortAll());
  await app.register(chatRoutes, { prefix: '/api/chat', deps, typing, dispatcher, pollSlots, crm: integrations.crm });
  await app.register(webhookRoutes, { deps, integrations, dispatcher, settings });
  await app.register(routingRoutes, { deps, router });
  const liveFeed = new LiveFeed(deps);
  app.addHook('preClose', async () => liveFeed.stop());
  const gateway = new Gateway(deps, typing, router.presence, (id) => router.positionOf(id), liveFeed);
  app.decorate('gateway', gateway);
  await app.register(gatewayRoutes, { gateway, deps, pollSlots });
  await app.register(analyticsRoutes, { prefix: '/api/chat', deps });
  await app.register(reportRoutes, { prefix: '/api/analytics', deps, rollups });
  await app.register(ticketRoutes, { prefix: '/api/tickets', deps });
  await app.register(uploadRoutes, { deps });
  await app.register(cannedRoutes, { prefix: '/api/canned-responses', deps });
  await app.register(labelRoutes, { prefix: '/api/labels', deps });
  await app.register(macroRoutes, { deps });
  await app.register(contactRoutes, { deps });
  await app.register(viewRoutes, { prefix: '/api/views', deps });
  await app.register(searchRoutes, { prefix: '/api/search', deps });
  await uiAssets(app, { siteKey: bootstrapResult.siteKey });
  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(landingPage()),
  );

  return app;
}
