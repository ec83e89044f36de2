// Typing is ephemeral: published on the bus, never stored. A "typing" that is not refreshed or stopped
// expires by itself, so a client that vanishes mid-sentence does not leave "…is typing" on screen.
import type { SenderType } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';

export interface Typist {
  conversationId: string;
  userId: string;
  userName: string | null;
  userType: SenderType;
}

export class TypingTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  constructor(
    private readonly deps: Pick<Deps, 'bus' | 'log' | 'clock'>,
    private readonly timeoutMs: number,
  ) {}

  private key(t: Typist) {
    return `${t.conversationId}\u0000${t.userType}\u0000${t.userId}`;
  }

  private publish(t: Typist, isTyping: boolean) {
    return publishAll(this.deps, [
      {
        topic: topics.conversation(t.conversationId),
        event: {
          type: 'typing',
          conversationId: t.conversationId,
          timestamp: this.deps.clock.now().toISOString(),
          data: { userId: t.userId, userName: t.userName, userType: t.userType, isTyping },
        },
      },
    ]);
  }

  /** Starts or refreshes; only the first call of a burst is published. */
  async typing(t: Typist) {
    const key = this.key(t);
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => void this.stop(t), this.timeoutMs);
    timer.unref();
    this.timers.set(key, timer);
    if (!existing) await this.publish(t, true);
  }

  async stop(t: Typist) {
    const key = this.key(t);
    const existing = this.timers.get(key);
    if (!existing) return;
    clearTimeout(existing);
    this.timers.delete(key);
    await this.publish(t, false);
  }

  close() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
