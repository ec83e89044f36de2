// `node dist/history.js --conversations 20000 --days 90 [--agents 12]`: fills a fresh install (the database that
// DATABASE_URL or DATA_DIR names, as for the server) with a generated history, then writes its daily roll-ups.
// For demos, screenshots and `npm run bench -- --targets=analytics`.
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { generateHistory } from './history.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '2000' },
    days: { type: 'string', default: '30' },
    agents: { type: 'string', default: '12' },
  },
});
const positive = (name: string, v: string | undefined, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
};
const opts = {
  conversations: positive('conversations', values.conversations, 10_000_000),
  days: positive('days', values.days, 3660),
  agents: positive('agents', values.agents, 1000),
};

const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
const app = await buildApp(config, { logStream: process.stderr });
try {
  const started = Date.now();
  const made = await generateHistory(app.supportChat.deps.db, opts);
  const generatedMs = Date.now() - started;
  const tz = config.analytics.timeZone;
  let day = DateTime.fromISO(made.from, { zone: tz }).startOf('day');
  const today = DateTime.now().setZone(tz).startOf('day');
  let days = 0;
  for (; day < today; day = day.plus({ days: 1 })) if (await app.rollups.recompute(day.toISODate()!)) days++;
  process.stdout.write(
    `${JSON.stringify({ ...made, generatedMs, rolledUpDays: days, rollupMs: Date.now() - started - generatedMs })}\n`,
  );
} finally {
  await app.close();
}
