// Who is calling. Resolved once per request by the auth plugin; services take it as a required
// argument and scope every read and write by it.
import type { UserRole } from '@support-chat/protocol';

export interface VisitorCaller {
  kind: 'visitor';
  sessionId: string;
  visitorId: string;
  siteId: string;
  customerId: string;
  customerVerified: boolean;
  /** When the token stops working: a socket opened with it closes then. */
  expiresAt?: Date;
}

export interface UserCaller {
  kind: 'user';
  /** The session row; absent when the call came with an API key. */
  sessionId?: string;
  apiKeyId?: string;
  userId: string | null;
  role: UserRole;
  agentId: string | null;
  name: string;
  /** A read-only API key: it may read what its role may, and change nothing (no unsafe method, no sending frame). */
  readOnly?: boolean;
  /** When the session stops working (API keys do not expire): a socket opened with it closes then. */
  expiresAt?: Date;
}

export type Caller = VisitorCaller | UserCaller;

export type AccessLevel = 'visitor' | 'agent' | 'admin';
/** Declared on every route: `config: { auth: 'public' }`, `'agent'`, or a list such as `['visitor', 'agent']`. */
export type RouteAuth = 'public' | AccessLevel | readonly AccessLevel[];

export function isStaff(caller: Caller | null | undefined): caller is UserCaller {
  return caller?.kind === 'user';
}

/** The caller of a route whose `config.auth` admits staff only: the auth hook has already made sure of it. */
export function staffCaller(caller: Caller | null | undefined): UserCaller {
  if (!isStaff(caller)) throw new Error('staff route reached without a staff caller');
  return caller;
}

export function allows(levels: readonly AccessLevel[], caller: Caller): boolean {
  if (caller.kind === 'visitor') return levels.includes('visitor');
  if (caller.role === 'admin') return levels.includes('admin') || levels.includes('agent');
  return levels.includes('agent');
}

/** One key per acting principal (a visitor, a user, an API key): connection caps and per-sender rate limits. */
export function principalKey(caller: Caller): string {
  return caller.kind === 'visitor' ? `v:${caller.visitorId}` : `u:${caller.userId ?? caller.apiKeyId}`;
}

/** Rate-limit keys for @fastify/rate-limit: per principal, or per visitor falling back to the address. */
export const rateKeys = {
  bySender: (req: { caller: Caller | null; ip: string }) => (req.caller ? principalKey(req.caller) : `ip:${req.ip}`),
  byVisitorOrIp: (req: { caller: Caller | null; ip: string }) =>
    req.caller?.kind === 'visitor' ? principalKey(req.caller) : `ip:${req.ip}`,
};
