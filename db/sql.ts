/** The one postgres.js client of a process. */
import postgres from 'postgres';

export type Sql = postgres.Sql;
/** The client, or a transaction of it: for writes that must join the caller's transaction. */
export type SqlOrTx = Sql | postgres.TransactionSql;

export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Dates stay strings ("YYYY-MM-DD"): a due date is a calendar date in Vietnam, not an instant.
    types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
  });
}

/**
 * A value written to a jsonb column. postgres.js types `sql.json()` by its own JSONValue, which the project's
 * interfaces (plain data, but without index signatures) do not satisfy; this is the one place that says so.
 */
export function jsonb(sql: SqlOrTx, value: unknown): postgres.Parameter {
  return sql.json(value as postgres.JSONValue);
}
