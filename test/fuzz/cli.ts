/**
 * `npm run fuzz -- [--max-examples N] [--seed S]`: a longer fuzz run than CI's, on a fresh embedded stack.
 * Exits non-zero when schemathesis finds anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../../dev/postgres';
import { startSystem } from '../../dev/system';
import { startTemporalDevServer } from '../../dev/temporal';
import { FUZZ_ROLES, prepareFuzzTarget, runFuzz, type FuzzRole } from './fuzz';

const { values } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '100' },
    seed: { type: 'string', default: String(Date.now()) },
    // e.g. --roles unit: only the unit officer's run (comma-separated; default every role).
    roles: { type: 'string', default: FUZZ_ROLES.join(',') },
  },
});
const adminToken = 'fuzz-admin-token-0123456789';
const dataDir = await mkdtemp(join(tmpdir(), 'dondoc-fuzz-pg-'));
const postgres = await startEmbeddedPostgres({ dataDir });
const temporal = await startTemporalDevServer({});
const system = await startSystem({
  databaseUrl: postgres.url,
  temporalAddress: temporal.address,
  port: 0,
  adminToken,
  seed: false,
  rateLimitPerMinute: 1_000_000,
  // Whatever URLs the fuzzer subscribes, webhooks stay on this machine.
  delivery: { webhookAllowedHosts: ['127.0.0.1', 'localhost'] },
  logger: pino({ level: 'silent' }),
});
// Stays true when the run itself throws, so the exit code says it failed.
let failed: boolean;
try {
  const tokens = await prepareFuzzTarget(system, adminToken);
  const started = Date.now();
  const result = await runFuzz(system, tokens, {
    maxExamples: Number(values['max-examples']),
    seed: Number(values.seed),
    roles: values.roles.split(',').map((r) => r.trim()) as FuzzRole[],
  });
  process.stdout.write(
    `${JSON.stringify({ seed: values.seed, seconds: Math.round((Date.now() - started) / 1000), ...result }, null, 2)}\n`,
  );
  failed = result.findings.length > 0 || result.leaks.length > 0;
} finally {
  await system.stop();
  await temporal.stop();
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
