/**
 * Forward-only migrations on a real Postgres: checksums are stored, a start whose copy of an applied migration
 * changed is refused (naming the file) before anything is applied, databases migrated before checksums get them
 * recorded, and 0009 adds the column once appended to the already-applied 0006.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AppliedMigrationChangedError, migrate, migrationChecksum } from '../../db/migrate';
import { createSql, type Sql } from '../../db/sql';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
const APPENDED_TO_0006 = '\n-- Recurring obligations: due on this day';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An empty database on the shared test Postgres, dropped after the file. */
async function emptyDatabase(): Promise<Sql> {
  const adminUrl = inject('postgresUrl');
  const name = `test_migrate_${randomBytes(6).toString('hex')}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: 2 });
  cleanups.push(async () => {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  });
  return sql;
}

/** A copy of the migrations up to and including `last`, to edit without touching the repository's. */
async function migrationsCopy(last: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (file.endsWith('.sql') && file <= last) await cp(join(MIGRATIONS_DIR, file), join(dir, file));
  }
  return dir;
}

const storedChecksums = async (sql: Sql) =>
  Object.fromEntries(
    (await sql<{ version: string; checksum: string | null }[]>`SELECT version, checksum FROM schema_migrations`).map((r) => [
      r.version,
      r.checksum,
    ]),
  );

const recurrenceDueDayChecks = async (sql: Sql) =>
  (
    await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_constraint
      WHERE conrelid = 'tasks'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%recurrence_due_day%'`
  )[0]!.n;

describe('migrations are forward-only', () => {
  it('stores every applied file with its sha256 and applies nothing the second time', async () => {
    const sql = await emptyDatabase();
    const dir = await migrationsCopy('0009_recurrence_due_day.sql');
    const files = (await readdir(dir)).sort();
    expect(files).toContain('0009_recurrence_due_day.sql');

    expect(await migrate(sql, dir)).toEqual(files);
    const expected = Object.fromEntries(
      await Promise.all(files.map(async (f) => [f, migrationChecksum(await readFile(join(dir, f), 'utf8'))])),
    );
    expect(await storedChecksums(sql)).toEqual(expected);
    expect(await migrate(sql, dir)).toEqual([]);
    // 0006 as it stands already added the column; 0009 must not add a second CHECK.
    expect(await recurrenceDueDayChecks(sql)).toBe(1);
  });

  it('refuses to start, naming the file, when an applied migration changed, and applies nothing', async () => {
    const sql = await emptyDatabase();
    const dir = await migrationsCopy('0009_recurrence_due_day.sql');
    await migrate(sql, dir);
    const before = await storedChecksums(sql);

    await writeFile(join(dir, '0002_refusals.sql'), (await readFile(join(dir, '0002_refusals.sql'), 'utf8')) + '\nSELECT 1;\n');
    await writeFile(join(dir, '9999_pending.sql'), 'CREATE TABLE should_not_exist (id int);\n');

    const refused = migrate(sql, dir);
    await expect(refused).rejects.toBeInstanceOf(AppliedMigrationChangedError);
    await expect(refused).rejects.toThrow(/Migration 0002_refusals\.sql was changed after it was applied/);
    await expect(refused).rejects.toMatchObject({ file: '0002_refusals.sql', appliedChecksum: before['0002_refusals.sql'] });
    expect((await sql`SELECT to_regclass('should_not_exist') AS t`)[0]!.t).toBeNull();
    expect(await storedChecksums(sql)).toEqual(before);
  });

  it('treats a changed line ending as no change', async () => {
    expect(migrationChecksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(migrationChecksum('SELECT 1;\nSELECT 2;\n'));
  });

  it('records checksums for migrations applied before they were kept, and 0009 adds the column the first 0006 lacked', async () => {
    const sql = await emptyDatabase();
    const dir = await migrationsCopy('0009_recurrence_due_day.sql');
    // A database migrated by the old migrate(): no checksum column, and 0006 in its first committed form.
    const current0006 = await readFile(join(dir, '0006_delivery.sql'), 'utf8');
    expect(current0006).toContain(APPENDED_TO_0006);
    const first0006 = current0006.slice(0, current0006.indexOf(APPENDED_TO_0006)) + '\n';
    await sql`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    for (const file of (await readdir(dir)).sort().filter((f) => f < '0009')) {
      await sql.unsafe(file === '0006_delivery.sql' ? first0006 : await readFile(join(dir, file), 'utf8'));
      await sql`INSERT INTO schema_migrations (version) VALUES (${file})`;
    }
    const column = () => sql`SELECT 1 FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'recurrence_due_day'`;
    expect(await column()).toHaveLength(0);

    expect(await migrate(sql, dir)).toEqual(['0009_recurrence_due_day.sql']);
    expect(await column()).toHaveLength(1);
    expect(await recurrenceDueDayChecks(sql)).toBe(1);
    const stored = await storedChecksums(sql);
    expect(stored['0006_delivery.sql']).toBe(migrationChecksum(current0006));
    expect(Object.values(stored).every((c) => typeof c === 'string' && c.length === 64)).toBe(true);
    expect(await migrate(sql, dir)).toEqual([]);
  });

  it('migrates the repository migrations on a fresh database', async () => {
    const sql = await emptyDatabase();
    const applied = await migrate(sql);
    expect(applied).toContain('0009_recurrence_due_day.sql');
    expect(await migrate(sql)).toEqual([]);
  });
});
