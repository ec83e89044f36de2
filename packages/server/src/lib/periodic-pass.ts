// A job every node runs on an interval (the SLA watcher, the snooze waker): one pass at a time — a tick during a pass
// joins it — a failed pass left for the next interval (the pass logs its own failure), and stop() waiting for the
// pass in flight so shutdown never cuts one in half.
export abstract class PeriodicPass<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  /** How often a pass starts, in milliseconds. */
  protected abstract get everyMs(): number;
  protected abstract pass(): Promise<T>;

  start() {
    this.timer = setInterval(() => void this.tick().catch(() => {}), this.everyMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  /** One pass now (or the one in progress). */
  tick(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }
}
