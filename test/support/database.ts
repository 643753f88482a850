/**
 * A fresh database per test file on the one embedded Postgres the global setup started (or DATABASE_URL),
 * migrated like production.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { migrate } from '../../db/migrate';
import { createSql, type Sql } from '../../db/sql';

export interface TestDatabase {
  sql: Sql;
  url: string;
  drop(): Promise<void>;
}

export function createTestDatabase(): Promise<TestDatabase> {
  return createTestDatabaseAt(inject('postgresUrl'));
}

export async function createTestDatabaseAt(adminUrl: string): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString());
  await migrate(sql);
  return {
    sql,
    url: url.toString(),
    drop: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** The directive and task rows an assignment's read-model row refers to. */
export async function insertTask(sql: Sql, taskId: string, dueOn: string, directiveId = 'test-directive'): Promise<void> {
  await sql`INSERT INTO directives (id, number, issuer, issued_on, title, created_by)
            VALUES (${directiveId}, ${directiveId}, 'test', '2024-01-01', 'test directive', 'test') ON CONFLICT DO NOTHING`;
  await sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, created_by)
            VALUES (${taskId}, ${directiveId}, ${`task ${taskId}`}, ${dueOn}, '{}', 'test') ON CONFLICT DO NOTHING`;
}
