// A coarse clock for "waiting 3 min" and "started 2 h ago": the host re-renders every `every` ms while on the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ClockController implements ReactiveController {
  now = Date.now();
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly every = 15_000,
  ) {
    host.addController(this);
  }

  /** Sets the clock to now (after reading something whose age is shown) and re-renders. */
  tick() {
    this.now = Date.now();
    this.host.requestUpdate();
  }

  hostConnected() {
    this.timer = setInterval(() => this.tick(), this.every);
  }

  hostDisconnected() {
    clearInterval(this.timer);
  }
}
