/**
 * Applies db/migrations/NNNN_name.sql in order, each once, in its own transaction. An advisory lock keeps
 * two processes starting at once from racing.
 *
 * Migrations are forward-only: each applied file's sha256 is stored, and a start whose copy of an applied file
 * differs refuses before applying anything, naming the file. A database that already ran the old text would
 * never see the edit; the change belongs in a new migration.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sql } from './sql';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 4_242_001;
const MIGRATION_FILE = /^\d{4}_[\w-]+\.sql$/;

export class AppliedMigrationChangedError extends Error {
  constructor(
    readonly file: string,
    readonly appliedChecksum: string,
    readonly currentChecksum: string,
  ) {
    super(
      `Migration ${file} was changed after it was applied to this database (sha256 ${appliedChecksum} applied, ` +
        `${currentChecksum} now). Migrations are forward-only: restore the file and put the change in a new migration.`,
    );
    this.name = 'AppliedMigrationChangedError';
  }
}

/** sha256 of the file's text; line endings are normalised so a Windows checkout does not count as an edit. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** Applies the pending migrations and returns their file names; `dir` is for tests. */
export async function migrate(sql: Sql, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const folder = dir.endsWith('/') ? dir : `${dir}/`;
  const files = (await readdir(folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, await readFile(folder + file, 'utf8'));
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    // Rows applied before checksums were kept get the file's current checksum on the first start that sees them.
    await tx`ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text`;
    const rows = await tx<{ version: string; checksum: string | null }[]>`SELECT version, checksum FROM schema_migrations`;
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const [file, text] of texts) {
      if (!done.has(file)) continue;
      const stored = done.get(file);
      const current = migrationChecksum(text);
      if (stored == null) await tx`UPDATE schema_migrations SET checksum = ${current} WHERE version = ${file}`;
      else if (stored !== current) throw new AppliedMigrationChangedError(file, stored, current);
    }
    for (const [file, text] of texts) {
      if (done.has(file)) continue;
      await tx.unsafe(text);
      await tx`INSERT INTO schema_migrations (version, checksum) VALUES (${file}, ${migrationChecksum(text)})`;
      applied.push(file);
    }
  });
  return applied;
}
