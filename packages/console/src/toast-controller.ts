// One short status line at a time ("Transferred", "Uploading invoice.pdf…", an error in the server's words),
// replaced by the next and gone after `ms`.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ToastController implements ReactiveController {
  text = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ms = 5000,
  ) {
    host.addController(this);
  }

  say(text: string) {
    this.text = text;
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.text = '';
      this.host.requestUpdate();
    }, this.ms);
  }

  hostDisconnected() {
    clearTimeout(this.timer);
    this.text = '';
  }
}
