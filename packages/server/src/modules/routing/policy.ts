// The routing policy as pure functions, so the choices can be unit-tested without a database:
// who may take a conversation, who among them should, and how long a waiting customer should expect to wait.

export interface CandidateAgent {
  id: string;
  name: string;
  status: 'online' | 'away' | 'busy' | 'offline';
  skills: string[];
  teamIds: string[];
  activeChats: number;
  maxConcurrentChats: number;
  lastAssignedAt: Date | null;
  /** Shown on the widget's home screen while online. */
  avatarUrl?: string | null;
}

export interface RoutingNeed {
  teamId: string | null;
  requiredSkills: string[];
  /** Seconds since the conversation entered the queue. */
  waitedSeconds: number;
}

export interface Widening {
  /** After this long without a match, required skills no longer count (0 = never drop). */
  dropSkillsAfterSeconds: number;
  /** After this long, any team will do (0 = never drop). */
  dropTeamAfterSeconds: number;
}

/** What still applies after the waiting time has widened the search (Zendesk-style fallback). */
export function effectiveNeed(need: RoutingNeed, widening: Widening) {
  const dropSkills = widening.dropSkillsAfterSeconds > 0 && need.waitedSeconds >= widening.dropSkillsAfterSeconds;
  const dropTeam = widening.dropTeamAfterSeconds > 0 && need.waitedSeconds >= widening.dropTeamAfterSeconds;
  return { teamId: dropTeam ? null : need.teamId, requiredSkills: dropSkills ? [] : need.requiredSkills };
}

export function canTake(agent: CandidateAgent, need: { teamId: string | null; requiredSkills: string[] }): boolean {
  if (agent.status !== 'online') return false;
  if (agent.activeChats >= agent.maxConcurrentChats) return false;
  if (need.teamId && !agent.teamIds.includes(need.teamId)) return false;
  const skills = new Set(agent.skills.map((s) => s.toLowerCase()));
  return need.requiredSkills.every((s) => skills.has(s.toLowerCase()));
}

/** Among those who can take it: the fewest active chats, then the longest since their last assignment. */
export function pickAgent(agents: CandidateAgent[], need: RoutingNeed, widening: Widening): CandidateAgent | undefined {
  const effective = effectiveNeed(need, widening);
  let best: CandidateAgent | undefined;
  for (const a of agents) {
    if (!canTake(a, effective)) continue;
    if (!best || compare(a, best) < 0) best = a;
  }
  return best;
}

function compare(a: CandidateAgent, b: CandidateAgent): number {
  if (a.activeChats !== b.activeChats) return a.activeChats - b.activeChats;
  const at = a.lastAssignedAt?.getTime() ?? -Infinity;
  const bt = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at - bt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Capacity {
  /** Open slots right now among the online agents who could take the conversation. */
  freeSlots: number;
  /** All slots (sum of max concurrent chats) of those agents. */
  totalSlots: number;
  /** Rolling average seconds from assignment to resolution. */
  avgHandleSeconds: number;
}

/**
 * Expected wait for the conversation at `position` (1 = next): zero while free slots cover it; otherwise the
 * conversations ahead beyond the free slots must each wait for a slot to free, and slots free at
 * totalSlots / avgHandleSeconds per second. Unknown (null) when nobody who could take it is online.
 */
export function estimateWaitSeconds(position: number, c: Capacity): number | null {
  if (c.totalSlots <= 0) return null;
  if (position <= c.freeSlots) return 0;
  return Math.ceil(((position - c.freeSlots) * c.avgHandleSeconds) / c.totalSlots);
}
