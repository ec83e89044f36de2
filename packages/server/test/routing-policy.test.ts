// The routing policy and the wait estimate as pure functions.
import { describe, expect, it } from 'vitest';
import { estimateWaitSeconds, pickAgent, type CandidateAgent } from '../src/modules/routing/policy.js';
import { ruleMatches } from '../src/modules/routing/rules.js';

const agent = (id: string, over: Partial<CandidateAgent> = {}): CandidateAgent => ({
  id,
  name: id,
  status: 'online',
  skills: [],
  teamIds: [],
  activeChats: 0,
  maxConcurrentChats: 3,
  lastAssignedAt: null,
  ...over,
});
const need = (over: Partial<{ teamId: string | null; requiredSkills: string[]; waitedSeconds: number }> = {}) => ({
  teamId: null,
  requiredSkills: [],
  waitedSeconds: 0,
  ...over,
});
const noWidening = { dropSkillsAfterSeconds: 0, dropTeamAfterSeconds: 0 };

describe('pickAgent', () => {
  it('only online agents under their limit', () => {
    const pool = [
      agent('away', { status: 'away' }),
      agent('busy', { status: 'busy' }),
      agent('full', { activeChats: 3 }),
      agent('ok', { activeChats: 2 }),
    ];
    expect(pickAgent(pool, need(), noWidening)?.id).toBe('ok');
    expect(pickAgent(pool.slice(0, 3), need(), noWidening)).toBeUndefined();
  });

  it('the fewest active chats first, then the longest since the last assignment, then id', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const pool = [
      agent('b', { activeChats: 1, lastAssignedAt: t(1) }),
      agent('c', { activeChats: 1, lastAssignedAt: t(0) }),
      agent('a', { activeChats: 2 }),
    ];
    expect(pickAgent(pool, need(), noWidening)?.id).toBe('c');
    expect(pickAgent([agent('y'), agent('x')], need(), noWidening)?.id).toBe('x');
    expect(pickAgent([agent('new'), agent('old', { lastAssignedAt: t(5) })], need(), noWidening)?.id).toBe('new');
  });

  it('team membership and every required skill (case-insensitive)', () => {
    const pool = [
      agent('sales', { teamIds: ['T1'], skills: ['German'] }),
      agent('support', { teamIds: ['T2'], skills: ['german', 'billing'] }),
    ];
    expect(pickAgent(pool, need({ teamId: 'T2' }), noWidening)?.id).toBe('support');
    expect(pickAgent(pool, need({ requiredSkills: ['GERMAN', 'billing'] }), noWidening)?.id).toBe('support');
    expect(pickAgent(pool, need({ teamId: 'T1', requiredSkills: ['billing'] }), noWidening)).toBeUndefined();
  });

  it('widens after waiting: skills first, then the team', () => {
    const pool = [agent('other-team', { teamIds: ['T2'] }), agent('same-team', { teamIds: ['T1'] })];
    const widening = { dropSkillsAfterSeconds: 60, dropTeamAfterSeconds: 180 };
    const want = { teamId: 'T1', requiredSkills: ['french'] };
    expect(pickAgent(pool, need({ ...want, waitedSeconds: 59 }), widening)).toBeUndefined();
    expect(pickAgent(pool, need({ ...want, waitedSeconds: 60 }), widening)?.id).toBe('same-team');
    expect(pickAgent([pool[0]!], need({ ...want, waitedSeconds: 179 }), widening)).toBeUndefined();
    expect(pickAgent([pool[0]!], need({ ...want, waitedSeconds: 180 }), widening)?.id).toBe('other-team');
  });
});

describe('estimateWaitSeconds', () => {
  it('zero while free slots cover the position, unknown with nobody online', () => {
    expect(estimateWaitSeconds(1, { freeSlots: 2, totalSlots: 6, avgHandleSeconds: 300 })).toBe(0);
    expect(estimateWaitSeconds(2, { freeSlots: 2, totalSlots: 6, avgHandleSeconds: 300 })).toBe(0);
    expect(estimateWaitSeconds(1, { freeSlots: 0, totalSlots: 0, avgHandleSeconds: 300 })).toBeNull();
  });

  it('beyond the free slots, one slot frees every avgHandle / totalSlots seconds', () => {
    // 6 slots, 300 s per chat: a slot frees every 50 s.
    expect(estimateWaitSeconds(3, { freeSlots: 2, totalSlots: 6, avgHandleSeconds: 300 })).toBe(50);
    expect(estimateWaitSeconds(8, { freeSlots: 2, totalSlots: 6, avgHandleSeconds: 300 })).toBe(300);
    expect(estimateWaitSeconds(1, { freeSlots: 0, totalSlots: 4, avgHandleSeconds: 100 })).toBe(25);
  });
});

describe('ruleMatches', () => {
  const subject = {
    channel: 'web',
    subject: 'Refund for order 12',
    firstMessage: 'Hallo, ich brauche Hilfe',
    metadata: { pageUrl: 'https://shop.example/de/checkout', plan: 'pro', seats: 5 },
  };
  it('every condition given must hold; any entry of a list will do', () => {
    expect(ruleMatches({}, subject)).toBe(true);
    expect(ruleMatches({ channels: ['web', 'mobile'] }, subject)).toBe(true);
    expect(ruleMatches({ channels: ['email'] }, subject)).toBe(false);
    expect(ruleMatches({ keywords: ['REFUND'] }, subject)).toBe(true);
    expect(ruleMatches({ keywords: ['hilfe'] }, subject)).toBe(true);
    expect(ruleMatches({ keywords: ['invoice'] }, subject)).toBe(false);
    expect(ruleMatches({ pageUrlContains: ['/de/'] }, subject)).toBe(true);
    expect(ruleMatches({ attributes: { plan: 'pro', seats: 5 } }, subject)).toBe(true);
    expect(ruleMatches({ attributes: { plan: 'free' } }, subject)).toBe(false);
    expect(ruleMatches({ keywords: ['refund'], pageUrlContains: ['/fr/'] }, subject)).toBe(false);
  });
});
