// Who a token belongs to, remembered for a few seconds: every REST request and socket admission resolved its token
// with a database read (and, for API keys, a write). A cached caller is dropped at once when its session, user or
// key is revoked — the same control events that close sockets (bus.ts: ControlEvent), on this node before the
// event is even published, and on every other node when it arrives — so a revocation takes effect exactly as fast
// as it does for an open socket. Expiry is checked on every hit; unknown tokens are never cached. (An API key's
// last use is written on a miss, so it is exact to within those seconds.)
import { LRUCache } from 'lru-cache';
import { topics, type Bus, type BusEvent } from '../bus/bus.js';
import type { Caller } from './caller.js';
import { revokes } from './sessions.js';

export const CALLER_TTL_MS = 5_000;

export class CallerCache {
  private readonly byHash = new LRUCache<string, Caller>({ max: 10_000, ttl: CALLER_TTL_MS });
  private off?: () => void;

  async start(bus: Bus) {
    this.off = await bus.subscribe(topics.control, (e) => this.forget(e));
  }

  stop() {
    this.off?.();
    this.byHash.clear();
  }

  get(hash: string, now: Date): Caller | undefined {
    const caller = this.byHash.get(hash);
    if (caller?.expiresAt && caller.expiresAt <= now) {
      this.byHash.delete(hash);
      return undefined;
    }
    return caller;
  }

  set(hash: string, caller: Caller) {
    this.byHash.set(hash, caller);
  }

  /** Drops a user's callers here (a new name), where no revocation is announced. */
  forgetUser(userId: string) {
    this.forget({ type: 'user_sessions_revoked', userId });
  }

  /** Drops every caller a revocation touches (a handful of events a day: a scan of the cache is fine). */
  forget(event: BusEvent) {
    for (const [hash, c] of this.byHash.entries()) if (revokes(event, c)) this.byHash.delete(hash);
  }
}
