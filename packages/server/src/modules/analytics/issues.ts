// Common issues as counts that add up across days, so the roll-ups can keep them: the tags of conversations and
// tickets, tickets' categories, and the words of their subjects (a word once per subject), each counted on the day
// the conversation or ticket was opened, per site, team, agent and channel (a ticket's site and channel are its
// conversation's; its team and agent are whom it is assigned to). In the roll-ups they live in `issues` as
// `tag:billing`, `category:Billing`, `term:refund`.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../db/client.js';
import { dimensionColumn as column, dimensionMatches, type Dimension, type Filters } from './totals.js';

export const issueKinds = ['tag', 'category', 'term'] as const;
export type IssueKind = (typeof issueKinds)[number];

export type IssueRow = Partial<Record<Dimension, string | null>> & { kind: IssueKind; name: string; count: number };

/** Words that say nothing about the issue, left out of subject terms. */
const STOPWORDS =
  `a an and are as at be been but by can cannot could did do does doesn't don't for from get got has have
  help hi how i i'm i've if in into is isn't it it's its just me my no not of on or our please so some that the their
  them then there this to too up us was we what when where which who why will with won't would you your hello thanks
  thank question issue problem`.split(/\s+/);
/** As one array literal (a JS array in a drizzle template would become a list of parameters). */
const STOPWORD_ARRAY = `{${STOPWORDS.map((w) => `"${w}"`).join(',')}}`;

/** Issue counts of what was opened in [from, to), grouped by `by` (and kind and name). */
export async function rawIssueCounts(
  db: Executor,
  opts: { from: Date; to: Date; filters?: Filters; by?: readonly Dimension[] },
): Promise<IssueRow[]> {
  const by = opts.by ?? [];
  const f = opts.from.toISOString();
  const t = opts.to.toISOString();
  const opened = (col: string) => sql.raw(`${col} >= '${f}'::timestamptz and ${col} < '${t}'::timestamptz`);
  // One row per conversation or ticket: its dimensions, tags, category and subject.
  const items = sql`
    select c.site_id, c.team_id, c.agent_id, c.channel, c.tags, null::text as category, c.subject
      from conversations c where ${opened('c.created_at')}
    union all
    select c.site_id, k.assigned_team_id, k.assigned_agent_id, c.channel, k.tags, k.category, k.subject
      from tickets k join conversations c on c.id = k.conversation_id where ${opened('k.created_at')}`;
  const filters = dimensionMatches(opts.filters);
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  const keys: SQL[] = by.map((d) => sql`${sql.identifier(column[d])}`);
  const keyList = keys.length ? sql`${sql.join(keys, sql`, `)}, ` : sql``;
  const query = sql`with items as (select * from (${items}) i ${where})
    select ${keyList} kind, name, count(*)::int as n from (
      select ${keyList} 'tag' as kind, unnest(tags) as name from items
      union all select ${keyList} 'category', category from items where category is not null
      union all select ${keyList} 'term', word from (
        select distinct ${keyList} s.nth, lower(w) as word from (
          select ${keyList} subject, row_number() over () as nth from items where subject is not null
        ) s, regexp_split_to_table(lower(s.subject), '[^[:alnum:]'']+') as w
        where length(w) > 2 and w !~ '^[0-9]+$' and not (lower(w) = any(${STOPWORD_ARRAY}::text[]))
      ) words
    ) x group by ${keyList} kind, name`;
  return rowsOf<Record<string, unknown>>(await db.execute(query)).map((r) => {
    const out: IssueRow = { kind: r.kind as IssueKind, name: String(r.name), count: Number(r.n) };
    for (const d of by) out[d] = (r[column[d]] as string | null) ?? null;
    return out;
  });
}

/** The 20 most frequent of each kind (ties by name). */
export function topIssues(rows: { kind: IssueKind; name: string; count: number }[], limit = 20) {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(`${r.kind}:${r.name}`, (sums.get(`${r.kind}:${r.name}`) ?? 0) + r.count);
  const of = (kind: IssueKind) =>
    [...sums]
      .filter(([k]) => k.startsWith(`${kind}:`))
      .map(([k, count]) => ({ name: k.slice(kind.length + 1), count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, limit);
  return { tags: of('tag'), categories: of('category'), terms: of('term') };
}
