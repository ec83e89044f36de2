// Regression tests for the black-box attack's findings (issue 10): each failed before its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app);
});
afterAll(async () => {
  await t.close();
});

describe('algorithmic denial of service', () => {
  it('checks a 10,000-character adversarial canned response in milliseconds, and /healthz answers meanwhile', async () => {
    const started = performance.now();
    const bodies = ['{{' + ' '.repeat(9_997) + 'x', '{{' + ' |'.repeat(4_998) + ' x'];
    const [a, b, health] = await Promise.all([
      ...bodies.map((content) => t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: bearer(admin), payload: { title: 't', content } })),
      t.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    expect([a!.statusCode, b!.statusCode, health!.statusCode]).toEqual([400, 400, 200]);
    expect(JSON.stringify(json(a!).error.details)).toContain('unbalanced {{ or }}');
    // Before the fix the first body alone held the event loop for minutes.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
