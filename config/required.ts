/**
 * Settings a production process cannot do without, checked before it connects anywhere. `npm start` on its
 * embedded servers supplies development values; pointed at real servers it needs them like any process.
 */
import type { Env } from './env';

export type ProcessKind = 'api' | 'worker';

const REQUIRED: Record<ProcessKind, (keyof Env)[]> = {
  // The API authenticates people (ADMIN_TOKEN bootstraps the first admin) and writes absolute links (PUBLIC_URL).
  api: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_TOKEN', 'PUBLIC_URL'],
  // The worker sends mail whose links point at the dashboard.
  worker: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_URL'],
};

/** The names of the settings this kind of process needs and does not have. */
export function missingSettings(env: Env, kind: ProcessKind): string[] {
  return REQUIRED[kind].filter((name) => env[name] === undefined || env[name] === '');
}

/** Exits with a message naming every missing setting (exit code 2: a configuration error). */
export function requireSettings(env: Env, kind: ProcessKind): void {
  const missing = missingSettings(env, kind);
  if (missing.length === 0) return;
  process.stderr.write(
    `dondoc ${kind}: missing required setting${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (see .env.example)\n`,
  );
  process.exit(2);
}
