// Node 20 has fetch but no WebSocket: this entry point supplies `ws`.
import { WebSocket } from 'ws';
import { SupportChatClient, type ClientOptions } from './index.js';
import type { SocketFactory } from './realtime.js';

export * from './index.js';

export function createNodeClient(opts: Omit<ClientOptions, 'WebSocket'> & { WebSocket?: SocketFactory }) {
  return new SupportChatClient({ WebSocket: WebSocket as unknown as SocketFactory, ...opts });
}
