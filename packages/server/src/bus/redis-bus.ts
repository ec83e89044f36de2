// The scale-out bus: Redis pub/sub through ioredis. One connection publishes, one subscribes; a node
// subscribes only to the channels its own sockets and waiting requests need.
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { TopicHandlers, type Bus, type BusEvent, type BusHandler } from './bus.js';

export class RedisBus implements Bus {
  private readonly handlers: TopicHandlers;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** Per topic, the SUBSCRIBE/UNSUBSCRIBE in flight, so a quick unsubscribe+subscribe cannot reorder. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly resubscribed = new Set<() => void>();
  private lost = false;

  private constructor(
    RedisClient: typeof Redis,
    url: string,
    private readonly prefix: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.handlers = new TopicHandlers((err) => log.error({ err }, 'bus handler failed'));
    const opts = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true } as const;
    this.pub = new RedisClient(url, { ...opts, connectionName: `${prefix}pub` });
    this.sub = new RedisClient(url, { ...opts, enableAutoPipelining: false, connectionName: `${prefix}sub` });
    for (const [name, conn] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      conn.on('error', (err) => log.warn({ err: { message: err.message } }, `redis ${name} error`));
    }
    // Pub/sub is fire-and-forget: while the subscriber is away, what is published never reaches it. ioredis
    // resubscribes by itself on reconnect; once it is 'ready' again, listeners re-read what they may have missed.
    this.sub.on('close', () => {
      this.lost = true;
    });
    this.sub.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      // 'ready' comes before ioredis's own SUBSCRIBE is acknowledged: subscribe to every topic again and wait for
      // that ack, so the re-read below cannot miss something published in between.
      const channels = this.handlers.topics().map((t) => this.prefix + t);
      void (channels.length ? this.sub.subscribe(...channels) : Promise.resolve()).then(
        () => {
          log.warn('redis subscriber reconnected; re-reading what was published meanwhile');
          for (const h of [...this.resubscribed]) {
            try {
              h();
            } catch (err) {
              log.error({ err }, 'resubscribe handler failed');
            }
          }
        },
        (err: unknown) => log.warn({ err }, 'redis resubscribe failed'),
      );
    });
    this.sub.on('message', (channel: string, payload: string) => {
      if (!channel.startsWith(this.prefix)) return;
      let event: BusEvent;
      try {
        event = JSON.parse(payload) as BusEvent;
      } catch {
        this.log.warn({ channel }, 'ignoring a malformed bus payload');
        return;
      }
      this.handlers.dispatch(channel.slice(this.prefix.length), event);
    });
  }

  static async connect(url: string, prefix: string, log: FastifyBaseLogger): Promise<RedisBus> {
    // Loaded only when Redis is configured: a single node starts without it (~150 ms of module loading).
    const { Redis } = await import('ioredis');
    const bus = new RedisBus(Redis, url, prefix, log);
    try {
      await Promise.all([bus.pub.connect(), bus.sub.connect()]);
    } catch (err) {
      bus.pub.disconnect();
      bus.sub.disconnect();
      throw new Error(`cannot reach Redis at REDIS_URL: ${(err as Error).message}`);
    }
    return bus;
  }

  async publish(topic: string, event: BusEvent): Promise<void> {
    await this.pub.publish(this.prefix + topic, JSON.stringify(event));
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => void> {
    if (this.handlers.add(topic, handler)) {
      await this.serialize(topic, () => this.sub.subscribe(this.prefix + topic));
    } else {
      await this.pending.get(topic);
    }
    return () => {
      if (this.handlers.remove(topic, handler)) {
        void this.serialize(topic, () => this.sub.unsubscribe(this.prefix + topic)).catch((err) =>
          this.log.warn({ err, topic }, 'redis unsubscribe failed'),
        );
      }
    };
  }

  onResubscribed(handler: () => void): () => void {
    this.resubscribed.add(handler);
    return () => void this.resubscribed.delete(handler);
  }

  private serialize(topic: string, op: () => Promise<unknown>): Promise<unknown> {
    const next = (this.pending.get(topic) ?? Promise.resolve()).catch(() => {}).then(op);
    this.pending.set(topic, next);
    void next
      .finally(() => {
        if (this.pending.get(topic) === next) this.pending.delete(topic);
      })
      .catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
