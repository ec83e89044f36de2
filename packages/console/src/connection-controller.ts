// The console's one multiplexed socket, tied to the element's life: opened on demand, closed when the element
// leaves the page. It keeps the state the header shows and says when the feed is back after a drop, because
// messages resume by seq on their own but lists read while away may have moved.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState, RealtimeConnection, RealtimeEvents, SupportChatClient } from '@support-chat/sdk';
import { en } from './i18n.js';

/**
 * What the header says while the socket is not open, in English (the header renders the catalogue's `t.connection`).
 * Long-polling is live, only slower: it is not "reconnecting".
 */
export const connectionText = en.connection;

export class ConnectionController implements ReactiveController {
  state: ConnectionState = 'connecting';
  rt?: RealtimeConnection;
  private wasDown = false;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when the socket is open again after reconnecting or long-polling. */
    private readonly onResume: () => void,
  ) {
    host.addController(this);
  }

  connect(client: SupportChatClient): RealtimeConnection {
    this.rt?.close();
    const rt = client.connect();
    this.rt = rt;
    this.on('state', ({ state }) => {
      this.state = state;
      this.host.requestUpdate();
      if (state === 'reconnecting' || state === 'long-polling') this.wasDown = true;
      if (state === 'open' && this.wasDown) {
        this.wasDown = false;
        this.onResume();
      }
    });
    return rt;
  }

  /** Listens to one kind of frame until the element leaves the page. */
  on<K extends keyof RealtimeEvents>(type: K, handler: (event: RealtimeEvents[K]) => void) {
    if (this.rt) this.offs.push(this.rt.on(type, handler));
  }

  /** Ready, or given up on after `ms` (the lists load anyway and the feed catches up when it opens). */
  ready(ms = 5000): Promise<void> {
    const ready = this.rt?.ready().catch(() => {}) ?? Promise.resolve();
    return Promise.race([ready, new Promise<void>((r) => setTimeout(r, ms))]);
  }

  hostDisconnected() {
    for (const off of this.offs.splice(0)) off();
    this.rt?.close();
    this.rt = undefined;
  }
}
