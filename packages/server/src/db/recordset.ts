// Many rows as one statement parameter. A list of `(…), (…)` or of `$1, $2, …` makes a new statement text for every
// batch size, so nothing can stay prepared; one JSON parameter read back with jsonb_to_recordset keeps the text fixed.
// (postgres.js's own array parameters are no way out: once prepared they send nulls as 'NULL' and strings as false.)
import { sql, type SQL } from 'drizzle-orm';

/** `from ${recordset(rows)} as r(a uuid, b int, …)`: dates become ISO strings and are read back by the column type. */
export const recordset = (rows: object[]): SQL => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;
