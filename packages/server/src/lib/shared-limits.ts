// The counters behind abuse limits — login failures per account, open sockets per IP and per user — either in this
// process (one node) or in Redis (every node counts into the same totals, so N nodes enforce one limit, not N).
// @fastify/rate-limit's own per-route counters use the same Redis connection (app.ts).
import type { Redis } from 'ioredis';
import { FailureLimiter } from './failure-limiter.js';

/** Failures per key in a fixed window (logins per account). */
export interface FailureCounter {
  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface Caps {
  perIp: number;
  perUser: number;
}

/** Open connections per IP and per user (a principal key). */
export interface ConnectionSlots {
  /** Counts one connection for both if both are under their caps; otherwise says which cap it hit. */
  take(ip: string, user: string, caps: Caps): Promise<'ip' | 'user' | undefined>;
  give(ip: string, user: string): void;
}

export interface Limits {
  failures(name: string, max: number, windowMs: number): FailureCounter;
  connections: ConnectionSlots;
  /** For @fastify/rate-limit, when counters are shared. */
  redis?: Redis;
  close(): Promise<void>;
}

// ---- one node ------------------------------------------------------------------------------------------------

function bump(map: Map<string, number>, key: string, by: number) {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

export class LocalConnectionSlots implements ConnectionSlots {
  private readonly perIp = new Map<string, number>();
  private readonly perUser = new Map<string, number>();

  // Check and count with no await between them: parallel handshakes cannot all pass before one is counted.
  async take(ip: string, user: string, caps: Caps) {
    if ((this.perIp.get(ip) ?? 0) >= caps.perIp) return 'ip' as const;
    if ((this.perUser.get(user) ?? 0) >= caps.perUser) return 'user' as const;
    bump(this.perIp, ip, 1);
    bump(this.perUser, user, 1);
    return undefined;
  }

  give(ip: string, user: string) {
    bump(this.perIp, ip, -1);
    bump(this.perUser, user, -1);
  }
}

export function localLimits(): Limits {
  const byName = new Map<string, FailureCounter>();
  return {
    // One counter per name, as in Redis: whoever asks for 'login' counts into the same failures.
    failures: (name, max, windowMs) => {
      let counter = byName.get(name);
      if (!counter) {
        const limiter = new FailureLimiter(max, windowMs);
        counter = {
          retryAfter: async (key) => limiter.retryAfter(key),
          fail: async (key) => limiter.fail(key),
          reset: async (key) => limiter.reset(key),
        };
        byName.set(name, counter);
      }
      return counter;
    },
    connections: new LocalConnectionSlots(),
    close: async () => {},
  };
}

// ---- Redis ---------------------------------------------------------------------------------------------------

/** INCR with the window set on the first failure; answers the count and the milliseconds left. */
const FAIL = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Each node counts its own connections in a hash that expires unless the node renews it, so a node that dies
 * takes its counts with it (after NODE_TTL_MS). Taking a slot sums every live node's count, then adds to this
 * node's, in one script: Redis runs it atomically, so parallel handshakes on any nodes cannot overshoot.
 * KEYS: the live-nodes sorted set, this node's hash. ARGV: prefix, ip field, user field, caps, now, ttl, node.
 */
const TAKE = `
local ip = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
local user = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[6], '+inf')) do
  if node ~= ARGV[8] then
    ip = ip + tonumber(redis.call('HGET', ARGV[1] .. node, ARGV[2]) or '0')
    user = user + tonumber(redis.call('HGET', ARGV[1] .. node, ARGV[3]) or '0')
  end
end
if ip >= tonumber(ARGV[4]) then return 1 end
if user >= tonumber(ARGV[5]) then return 2 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('ZADD', KEYS[1], tonumber(ARGV[6]) + tonumber(ARGV[7]), ARGV[8])
return 0`;

const GIVE = `
for i = 1, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`;

export const NODE_TTL_MS = 30_000;

export class RedisLimits implements Limits {
  readonly connections: ConnectionSlots;
  private readonly node = crypto.randomUUID();
  private readonly renew: NodeJS.Timeout;

  private constructor(
    readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (err: unknown) => void,
    nodeTtlMs: number,
  ) {
    const nodesKey = `${prefix}conns:nodes`;
    const hashPrefix = `${prefix}conns:`;
    const mine = hashPrefix + this.node;
    this.connections = {
      take: async (ip, user, caps) => {
        try {
          const hit = (await redis.eval(
            TAKE,
            2,
            nodesKey,
            mine,
            hashPrefix,
            `ip:${ip}`,
            `user:${user}`,
            caps.perIp,
            caps.perUser,
            Date.now(),
            nodeTtlMs,
            this.node,
          )) as number;
          return hit === 1 ? 'ip' : hit === 2 ? 'user' : undefined;
        } catch (err) {
          // Redis away: the socket is let in uncounted rather than every visitor refused (logged; the bus is
          // down too, and the node's own frame and idle limits still apply).
          this.onError(err);
          return undefined;
        }
      },
      give: (ip, user) => {
        redis.eval(GIVE, 1, mine, `ip:${ip}`, `user:${user}`).catch(this.onError);
      },
    };
    // Keep this node's counts alive while it runs.
    this.renew = setInterval(() => {
      redis
        .multi()
        .zadd(nodesKey, Date.now() + nodeTtlMs, this.node)
        .pexpire(mine, nodeTtlMs)
        .zremrangebyscore(nodesKey, '-inf', Date.now())
        .exec()
        .catch(this.onError);
    }, nodeTtlMs / 3);
    this.renew.unref();
  }

  static async connect(
    url: string,
    prefix: string,
    onError: (err: unknown) => void,
    nodeTtlMs = NODE_TTL_MS,
  ): Promise<RedisLimits> {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: `${prefix}limits` });
    redis.on('error', onError);
    await redis.connect();
    return new RedisLimits(redis, prefix, onError, nodeTtlMs);
  }

  /** Stops renewing this node's counts without removing them: what a node that dies leaves behind (tests). */
  abandon() {
    clearInterval(this.renew);
    this.redis.disconnect();
  }

  failures(name: string, max: number, windowMs: number): FailureCounter {
    const key = (k: string) => `${this.prefix}fail:${name}:${k}`;
    return {
      retryAfter: async (k) => {
        try {
          const [count, ttl] = await Promise.all([this.redis.get(key(k)), this.redis.pttl(key(k))]);
          return Number(count ?? 0) >= max && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
        } catch (err) {
          this.onError(err);
          return 0;
        }
      },
      fail: async (k) => {
        await this.redis.eval(FAIL, 1, key(k), windowMs).catch(this.onError);
      },
      reset: async (k) => {
        await this.redis.del(key(k)).catch(this.onError);
      },
    };
  }

  async close() {
    clearInterval(this.renew);
    await this.redis
      .multi()
      .del(`${this.prefix}conns:${this.node}`)
      .zrem(`${this.prefix}conns:nodes`, this.node)
      .exec()
      .catch(() => {});
    this.redis.disconnect();
  }
}
