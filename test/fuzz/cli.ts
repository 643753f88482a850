/**
 * `npm run fuzz -- [--max-examples N] [--seed S] [--roles coordinator,unit] [--slow-ms 2000] [--no-hostile]`: a longer
 * fuzz run than CI's, on a fresh embedded stack loaded with the seed directives (so requests meet real data, not
 * 404s). Per role: schemathesis over the OpenAPI document, the bad path parameters, then the hostile bodies
 * (test/fuzz/hostile.ts). Prints each role's requests, 5xx, slowest answer and failing cases; exits non-zero on
 * any 5xx, any answer slower than the limit, any request that changed what its caller may not touch, or any
 * schemathesis finding.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../../dev/postgres';
import { startSystem } from '../../dev/system';
import { startTemporalDevServer } from '../../dev/temporal';
import { loadSeeds } from '../../seeds/load';
import { FUZZ_ROLES, prepareFuzzTarget, runFuzz, type FuzzResult, type FuzzRole } from './fuzz';

const { values } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '100' },
    seed: { type: 'string', default: String(Date.now()) },
    // The coordinator (the Government Office's role over every directive) and a unit officer by default.
    roles: { type: 'string', default: 'coordinator,unit' },
    'slow-ms': { type: 'string', default: '2000' },
    'no-hostile': { type: 'boolean', default: false },
  },
});
const roles = values.roles.split(',').map((r) => r.trim()) as FuzzRole[];
const unknownRole = roles.find((r) => !FUZZ_ROLES.includes(r));
if (unknownRole) throw new Error(`--roles: ${unknownRole} is not one of ${FUZZ_ROLES.join(', ')}`);
const slowMs = Number(values['slow-ms']);

const progress = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
const adminToken = 'fuzz-admin-token-0123456789';
const dataDir = await mkdtemp(join(tmpdir(), 'dondoc-fuzz-pg-'));
const postgres = await startEmbeddedPostgres({ dataDir });
const temporal = await startTemporalDevServer({});
const system = await startSystem({
  databaseUrl: postgres.url,
  temporalAddress: temporal.address,
  port: 0,
  adminToken,
  // Seeded below, with retries.
  seed: false,
  rateLimitPerMinute: 1_000_000,
  // Whatever URLs the fuzzer subscribes, webhooks stay on this machine.
  delivery: { webhookAllowedHosts: ['127.0.0.1', 'localhost'] },
  logger: pino({ level: 'silent' }),
});

/** Each role's figures, and the verdict. */
function summarise(result: FuzzResult): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  let failed = result.findings.length > 0 || result.leaks.length > 0;
  for (const [role, f] of Object.entries(result.figures)) {
    const hostileFailed = f.hostile.filter((h) => !h.ok);
    const hostileMax = Math.max(0, ...f.hostile.map((h) => h.ms));
    const hostile5xx = f.hostile.filter((h) => h.status === 'no answer' || h.status >= 500).length;
    failed ||= f.serverErrors > 0 || f.slow > 0 || hostileFailed.length > 0;
    lines.push(
      `${role}: generated ${f.requests} requests, ${f.serverErrors} 5xx or unanswered, slowest ${f.maxMs} ms, ${f.slow} over ${slowMs} ms; ` +
        `hostile ${f.hostile.length} cases, ${hostileFailed.length} failing (${hostile5xx} 5xx or unanswered), slowest ${hostileMax} ms`,
    );
    for (const c of f.failing) lines.push(`  FAIL ${c.status} ${c.ms} ms ${c.method} ${c.path}`);
    for (const h of f.hostile)
      lines.push(
        `  ${h.ok ? 'ok  ' : 'FAIL'} hostile ${h.name}: ${h.status} in ${h.ms} ms (${h.bytes} bytes)${h.note ? ` — ${h.note}` : ''}`,
      );
    for (const finding of result.findings.filter((x) => x.role === role))
      lines.push(`  FINDING ${finding.code}: ${finding.title} [${finding.operations.join(', ')}]`);
  }
  for (const leak of result.leaks) lines.push(`LEAK ${leak}`);
  return { lines, failed };
}

let failed: boolean;
try {
  // The seed directives and people, so lists, reports and exports have data to page through and count. Loading is
  // idempotent; on a loaded machine a fan-out can outlast its wait for a workflow's start, so it is tried again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await loadSeeds(system.deps);
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      progress(`seeding, attempt ${attempt}: ${(err as Error).message}; again`);
    }
  }
  progress(`seeded stack up at ${system.apiUrl}`);
  const tokens = await prepareFuzzTarget(system, adminToken);
  const started = Date.now();
  const result = await runFuzz(system, tokens, {
    maxExamples: Number(values['max-examples']),
    seed: Number(values.seed),
    roles,
    slowMs,
    hostile: values['no-hostile'] ? undefined : { directiveId: 'fuzz', unitCode: 'an-giang' },
    onRole: (role) => progress(`fuzzing as ${role}`),
  });
  const summary = summarise(result);
  process.stdout.write(
    `${JSON.stringify({ seed: values.seed, seconds: Math.round((Date.now() - started) / 1000), ...result }, null, 2)}\n\n` +
      `${summary.lines.join('\n')}\n${summary.failed ? 'FAILED' : 'PASSED'}\n`,
  );
  failed = summary.failed;
} finally {
  await system.stop();
  await temporal.stop();
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
