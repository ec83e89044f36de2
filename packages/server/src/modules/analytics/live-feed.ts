// The live overview, pushed: while any socket on this node watches it, the node computes it every
// ANALYTICS_LIVE_SECONDS (and soon after the queue or someone's status changes) and hands the same figures to every
// watcher — one query set per node, however many consoles are open.
import type { LiveOverview } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { liveOverview } from './reports.js';

type Watcher = (live: LiveOverview) => void;

/** After a change, wait this long for more before computing: a burst of queue events costs one pass. */
const NUDGE_MS = 500;

export class LiveFeed {
  private readonly watchers = new Set<Watcher>();
  private timer?: NodeJS.Timeout;
  private nudged?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'settings' | 'log'>) {}

  /** Starts sending to `w` (now, then on every pass); the returned function stops. */
  watch(w: Watcher): () => void {
    this.watchers.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => void this.pass(), this.deps.config.analytics.liveMs);
      this.timer.unref();
    }
    void liveOverview(this.deps)
      .then((live) => this.watchers.has(w) && w(live))
      .catch((err) => this.deps.log.warn({ err }, 'live overview failed'));
    return () => this.unwatch(w);
  }

  private unwatch(w: Watcher) {
    this.watchers.delete(w);
    if (this.watchers.size === 0) this.stop();
  }

  /** Something the overview shows changed: recompute shortly. */
  nudge() {
    if (this.watchers.size === 0 || this.nudged) return;
    this.nudged = setTimeout(() => {
      this.nudged = undefined;
      void this.pass();
    }, NUDGE_MS);
    this.nudged.unref();
  }

  stop() {
    clearInterval(this.timer);
    clearTimeout(this.nudged);
    this.timer = undefined;
    this.nudged = undefined;
  }

  private pass(): Promise<void> {
    this.running ??= liveOverview(this.deps)
      .then((live) => {
        for (const w of this.watchers) w(live);
      })
      .catch((err) => this.deps.log.warn({ err }, 'live overview failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
