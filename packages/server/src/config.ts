// One validated config object from the environment. A bad value stops start-up with a message
// naming the variable; nothing is required, so a bare `npm start` runs on PGlite in ./data.
import path from 'node:path';
import { z } from 'zod';
import { PhoneNumber, TimeZone } from '@support-chat/protocol';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const phone = PhoneNumber;
const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
const hours = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number of hours')
  .transform(Number)
  .pipe(
    z
      .number()
      .positive()
      .max(24 * 365),
  );
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );
const originList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((o) => {
        try {
          const u = new URL(o);
          return u.origin === o && (u.protocol === 'http:' || u.protocol === 'https:');
        } catch {
          return false;
        }
      }, 'each entry must be an origin such as https://www.example.com'),
    ),
  );

const EnvSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: hours.default(24 * 7),
  VISITOR_TOKEN_TTL_DAYS: int(1, 3650).default(180),
  ADMIN_EMAIL: z.string().pipe(z.email()).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
  ALLOWED_ORIGINS: originList.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  SLA_HOURS_URGENT: hours.default(1),
  SLA_HOURS_HIGH: hours.default(4),
  SLA_HOURS_MEDIUM: hours.default(24),
  SLA_HOURS_LOW: hours.default(72),
  RATE_LIMIT_CHAT_START: int(1, 1_000_000).default(20),
  RATE_LIMIT_LOGIN: int(1, 1_000_000).default(10),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  RATE_LIMIT_PUBLIC_TICKET: int(1, 1_000_000).default(10),
  RATE_LIMIT_MESSAGES_PER_MINUTE: int(1, 1_000_000).default(60),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(600),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'letters, digits and :_.- only')
    .default('sc:'),
  WS_MAX_PAYLOAD_BYTES: int(1024, 16 * 1024 * 1024).default(64 * 1024),
  WS_HEARTBEAT_SECONDS: int(1, 3600).default(30),
  /** A socket that sends no frame for this long is closed (clients send a `ping` frame every heartbeat). */
  WS_IDLE_TIMEOUT_SECONDS: int(2, 86_400).default(90),
  WS_FRAMES_PER_SECOND: int(1, 100_000).default(20),
  WS_FRAME_BURST: int(1, 100_000).default(60),
  WS_MAX_BUFFERED_BYTES: int(16 * 1024, 1024 * 1024 * 1024).default(1024 * 1024),
  WS_MAX_CONNECTIONS_PER_IP: int(1, 1_000_000).default(100),
  WS_MAX_CONNECTIONS_PER_USER: int(1, 1_000_000).default(20),
  /** Transcript emails (and their confirmation links) one address receives per day at visitors' request. */
  TRANSCRIPTS_PER_ADDRESS_PER_DAY: int(1, 1000).default(5),
  /** Long-polls one visitor may hold open at once on a node (a user or API key: ten times as many). */
  LONG_POLLS_PER_VISITOR: int(1, 10_000).default(4),
  TYPING_TIMEOUT_SECONDS: int(1, 600).default(6),
  AGENT_OFFLINE_GRACE_SECONDS: int(1, 86_400).default(60),
  AGENT_IDLE_AWAY_SECONDS: int(10, 7 * 86_400).default(600),
  ROUTING_SWEEP_SECONDS: int(1, 3600).default(5),
  ROUTING_DROP_SKILLS_SECONDS: int(0, 86_400).default(60),
  ROUTING_DROP_TEAM_SECONDS: int(0, 86_400).default(180),
  AVG_HANDLE_DEFAULT_SECONDS: int(1, 86_400).default(300),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Uploads in an S3-compatible bucket instead of DATA_DIR/uploads (several nodes without a shared disk). */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'must be a region name such as eu-west-1')
    .default('us-east-1'),
  /** Another S3-compatible service (MinIO, Ceph, R2…); AWS when unset. */
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_ACCESS_KEY_ID: z.string().min(1).max(128).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(256).optional(),
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]{0,200}$/, "letters, digits and !_.*'()/- only")
    .default('uploads/'),
  SMTP_HOST: z.string().min(1).max(255).optional(),
  SMTP_PORT: int(1, 65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_FROM: z.string().pipe(z.email()).optional(),
  NOTIFY_SWEEP_SECONDS: int(1, 3600).default(10),
  /** SMS through Twilio's Messages API (the seed's variables); all three, or none. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-zA-Z]{10,64}$/, 'must be a Twilio account SID (AC…)')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).max(200).optional(),
  TWILIO_PHONE_NUMBER: phone.optional(),
  /** Where Twilio's API is (tests and self-hosted gateways that speak its format). */
  TWILIO_API_URL: url(['http:', 'https:']).default('https://api.twilio.com'),
  /** Who is on call: high and urgent tickets and SLA warnings are texted to these numbers (comma-separated, E.164). */
  SMS_ONCALL_NUMBERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(phone).max(20))
    .default([]),
  /**
   * Replies by email: the port of the inbound SMTP listener (off unless set). Your MX (or a relay) hands mail for
   * INBOUND_EMAIL_DOMAIN to it.
   */
  INBOUND_SMTP_PORT: int(0, 65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).max(255).default('0.0.0.0'),
  /** The domain of per-conversation reply addresses (reply+…@domain); default: SUPPORT_EMAIL_ADDRESS's domain. */
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i,
      'must be a domain name',
    )
    .optional(),
  /** Mail to this address opens a conversation on the email channel; default: SMTP_FROM. */
  SUPPORT_EMAIL_ADDRESS: z.string().pipe(z.email()).optional(),
  /** The largest inbound email accepted (attachments included). */
  INBOUND_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(15 * 1024 * 1024),
  /** New conversations one address may open by email per hour; more are deferred (4xx: its server retries later). */
  INBOUND_NEW_CONVERSATIONS_PER_HOUR: int(1, 100_000).default(10),
  /** The CRM's REST API (the contract in docs/integrations.md) and its bearer key. */
  CRM_API_URL: url(['http:', 'https:']).optional(),
  CRM_API_KEY: z.string().min(1).max(500).optional(),
  /** How long the console waits for the CRM's customer context before showing the panel without it. */
  CRM_TIMEOUT_MS: int(100, 60_000).default(2000),
  /** How long a customer's CRM context is reused before it is asked for again. */
  CRM_CACHE_SECONDS: int(0, 86_400).default(60),
  /** Admins get the weekly report email (Monday morning, in ANALYTICS_TIME_ZONE) when SMTP is set up. */
  WEEKLY_REPORT: bool.default(true),
  /** How often each node's SLA watcher looks for targets about to be missed, or missed. */
  SLA_WATCH_SECONDS: int(1, 3600).default(30),
  /** How often each node brings back snoozed conversations whose time has come. */
  SNOOZE_WAKE_SECONDS: int(1, 3600).default(15),
  /** The calendar the daily analytics roll-ups are cut in (an IANA zone). */
  ANALYTICS_TIME_ZONE: TimeZone.default('UTC'),
  /** How often each node's roll-up job rewrites the last finished days. */
  ANALYTICS_ROLLUP_MINUTES: int(1, 1440).default(15),
  /** How many finished days (yesterday and back) each roll-up pass recomputes: late changes land within them. */
  ANALYTICS_RECOMPUTE_DAYS: int(1, 90).default(3),
  /** How often the live overview is pushed to the sockets that watch it. */
  ANALYTICS_LIVE_SECONDS: int(1, 600).default(5),
});

/** The environment, validated, shaped into what the code reads. The `Config` type is inferred from it. */
const ConfigSchema = EnvSchema.superRefine((e, ctx) => {
  const twilio = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_PHONE_NUMBER];
  if (e.CRM_API_KEY && !e.CRM_API_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['CRM_API_URL'],
      message: 'CRM_API_KEY is set, so CRM_API_URL is needed too',
    });
  if (e.INBOUND_SMTP_PORT && !e.SUPPORT_EMAIL_ADDRESS && !e.SMTP_FROM)
    ctx.addIssue({
      code: 'custom',
      path: ['SUPPORT_EMAIL_ADDRESS'],
      message: 'the inbound SMTP listener needs SUPPORT_EMAIL_ADDRESS (or SMTP_FROM): the address customers write to',
    });
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY))
    ctx.addIssue({
      code: 'custom',
      path: ['S3_ACCESS_KEY_ID'],
      message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, for the default AWS credentials)',
    });
  if (twilio.some(Boolean) && !twilio.every(Boolean))
    ctx.addIssue({
      code: 'custom',
      path: ['TWILIO_ACCOUNT_SID'],
      message: 'SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER together',
    });
}).transform((e) => ({
  port: e.PORT,
  host: e.HOST,
  dataDir: path.resolve(e.DATA_DIR),
  databaseUrl: e.DATABASE_URL,
  redisUrl: e.REDIS_URL,
  publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
  sessionSecret: e.SESSION_SECRET,
  transcriptsPerAddressPerDay: e.TRANSCRIPTS_PER_ADDRESS_PER_DAY,
  sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
  visitorTokenTtlMs: e.VISITOR_TOKEN_TTL_DAYS * 86_400_000,
  adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
  adminPassword: e.ADMIN_PASSWORD,
  allowedOrigins: e.ALLOWED_ORIGINS,
  logLevel: e.LOG_LEVEL,
  trustProxy: e.TRUST_PROXY,
  slaHours: { urgent: e.SLA_HOURS_URGENT, high: e.SLA_HOURS_HIGH, medium: e.SLA_HOURS_MEDIUM, low: e.SLA_HOURS_LOW },
  rateLimits: {
    chatStart: e.RATE_LIMIT_CHAT_START,
    login: e.RATE_LIMIT_LOGIN,
    loginFailuresPerAccount: e.LOGIN_MAX_FAILURES,
    publicTicket: e.RATE_LIMIT_PUBLIC_TICKET,
    /** REST message sends per visitor per minute (agents and API keys get ten times as many). */
    messagesPerMinute: e.RATE_LIMIT_MESSAGES_PER_MINUTE,
    windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
  },
  bodyLimit: e.BODY_LIMIT_BYTES,
  redisPrefix: e.REDIS_PREFIX,
  uploads: {
    maxBytes: e.UPLOAD_MAX_BYTES,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          prefix: e.S3_PREFIX,
        }
      : undefined,
  },
  /** Outgoing email; absent when SMTP_HOST is not set. */
  smtp: e.SMTP_HOST
    ? {
        host: e.SMTP_HOST,
        port: e.SMTP_PORT,
        secure: e.SMTP_SECURE,
        user: e.SMTP_USER,
        pass: e.SMTP_PASS,
        from: e.SMTP_FROM ?? 'support@localhost',
      }
    : undefined,
  notifySweepMs: e.NOTIFY_SWEEP_SECONDS * 1000,
  /** Outgoing SMS; absent unless all three Twilio variables are set. */
  sms:
    e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_PHONE_NUMBER
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID,
          authToken: e.TWILIO_AUTH_TOKEN,
          from: e.TWILIO_PHONE_NUMBER,
          apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''),
          onCall: e.SMS_ONCALL_NUMBERS,
        }
      : undefined,
  /** Replies by email; absent unless INBOUND_SMTP_PORT is set. */
  inbound:
    e.INBOUND_SMTP_PORT !== undefined
      ? {
          port: e.INBOUND_SMTP_PORT,
          host: e.INBOUND_SMTP_HOST,
          maxBytes: e.INBOUND_MAX_BYTES,
          newConversationsPerHour: e.INBOUND_NEW_CONVERSATIONS_PER_HOUR,
        }
      : undefined,
  /** The address customers write to (and the domain of reply addresses), when one is known. */
  supportAddress: (e.SUPPORT_EMAIL_ADDRESS ?? e.SMTP_FROM)?.toLowerCase(),
  replyDomain: (
    e.INBOUND_EMAIL_DOMAIN ??
    (e.SUPPORT_EMAIL_ADDRESS ?? e.SMTP_FROM)?.split('@')[1] ??
    'localhost'
  ).toLowerCase(),
  /** The CRM; absent unless CRM_API_URL is set. */
  crm: e.CRM_API_URL
    ? {
        url: e.CRM_API_URL.replace(/\/+$/, ''),
        key: e.CRM_API_KEY,
        timeoutMs: e.CRM_TIMEOUT_MS,
        cacheMs: e.CRM_CACHE_SECONDS * 1000,
      }
    : undefined,
  weeklyReport: e.WEEKLY_REPORT,
  slaWatchMs: e.SLA_WATCH_SECONDS * 1000,
  snoozeWakeMs: e.SNOOZE_WAKE_SECONDS * 1000,
  analytics: {
    timeZone: e.ANALYTICS_TIME_ZONE,
    rollupMs: e.ANALYTICS_ROLLUP_MINUTES * 60_000,
    recomputeDays: e.ANALYTICS_RECOMPUTE_DAYS,
    liveMs: e.ANALYTICS_LIVE_SECONDS * 1000,
  },
  routing: {
    offlineGraceMs: e.AGENT_OFFLINE_GRACE_SECONDS * 1000,
    idleAwayMs: e.AGENT_IDLE_AWAY_SECONDS * 1000,
    sweepMs: e.ROUTING_SWEEP_SECONDS * 1000,
    dropSkillsAfterSeconds: e.ROUTING_DROP_SKILLS_SECONDS,
    dropTeamAfterSeconds: e.ROUTING_DROP_TEAM_SECONDS,
    defaultHandleSeconds: e.AVG_HANDLE_DEFAULT_SECONDS,
  },
  realtime: {
    maxPayload: e.WS_MAX_PAYLOAD_BYTES,
    heartbeatMs: e.WS_HEARTBEAT_SECONDS * 1000,
    idleTimeoutMs: e.WS_IDLE_TIMEOUT_SECONDS * 1000,
    framesPerSecond: e.WS_FRAMES_PER_SECOND,
    frameBurst: e.WS_FRAME_BURST,
    maxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
    maxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
    maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
    maxLongPollsPerVisitor: e.LONG_POLLS_PER_VISITOR,
    typingTimeoutMs: e.TYPING_TIMEOUT_SECONDS * 1000,
  },
}));

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as most .env tooling writes `FOO=` for "no value".
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .map((k) => [k, env[k]] as const)
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  return parsed.data;
}

/** The origin the server is reached at, used for same-origin checks and the default site. */
export function serverOrigin(config: Config): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}
