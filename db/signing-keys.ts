/**
 * A signing key the API and the worker share without configuration: made once (random, in Postgres) under its name and
 * read by every process, then kept in memory. A deployment may name its own in the environment instead.
 */
import type { Sql } from './sql';

const cache = new WeakMap<Sql, Map<string, Promise<string>>>();

export function signingKey(sql: Sql, name: string): Promise<string> {
  let keys = cache.get(sql);
  if (!keys) cache.set(sql, (keys = new Map()));
  let key = keys.get(name);
  if (!key) {
    key = load(sql, name);
    keys.set(name, key);
    // A failed read (Postgres away) is not kept: the next caller tries again.
    key.catch(() => keys.delete(name));
  }
  return key;
}

async function load(sql: Sql, name: string): Promise<string> {
  // gen_random_uuid() is cryptographically random (Postgres 13+): four of them give 488 random bits.
  await sql`
    INSERT INTO signing_keys (name, secret)
    VALUES (${name}, replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT (name) DO NOTHING`;
  const [row] = await sql<{ secret: string }[]>`SELECT secret FROM signing_keys WHERE name = ${name}`;
  return row!.secret;
}
