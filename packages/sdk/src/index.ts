// @support-chat/sdk: a typed client for browsers and Node. In the browser it has no runtime dependency
// (protocol types only), so the widget can bundle it; in Node use `@support-chat/sdk/node`, which brings `ws`.
import { HttpClient, type HttpOptions } from './http.js';
import { RealtimeConnection, type RealtimeOptions, type SocketFactory } from './realtime.js';

export { ApiError, HttpClient, type FetchLike, type HttpOptions, type MessagePage, type Reports } from './http.js';
export {
  RealtimeConnection,
  backoffDelay,
  newClientMessageId,
  type BackoffOptions,
  type ConnectionState,
  type RealtimeEvents,
  type RealtimeOptions,
  type SocketFactory,
  type SocketLike,
} from './realtime.js';
export type * from '@support-chat/protocol';
// Values UIs list or compare with, without zod: the same lists the server validates with.
export {
  agentStatuses,
  channels,
  closeCodes,
  conversationStatuses,
  errorCodes,
  generatedVisitorName,
  priorities,
  reactionEmojis,
  ticketStatuses,
  userRoles,
} from '@support-chat/protocol/constants';

export interface ClientOptions extends HttpOptions {
  /** WebSocket constructor; the global one by default. Without any, realtime runs on long-poll. */
  WebSocket?: SocketFactory;
}

export class SupportChatClient extends HttpClient {
  private readonly Socket: SocketFactory | undefined;

  constructor(opts: ClientOptions) {
    super(opts);
    this.Socket = opts.WebSocket ?? (globalThis as { WebSocket?: SocketFactory }).WebSocket;
  }

  /** Opens the realtime connection (reconnecting, resuming, falling back to long-poll by itself). */
  connect(opts: RealtimeOptions = {}): RealtimeConnection {
    return new RealtimeConnection(this, this.Socket, opts);
  }
}
