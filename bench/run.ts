/**
 * `npm run bench [-- --only fanout,api,lateness,rest,size] [--size small|full] [--out bench/results]`:
 * starts embedded Postgres and Temporal dev servers (BENCH_TEMPORAL=cluster: Temporal clusters), runs the selected sections, prints a table and writes
 * latest.json, latest.md and SVG charts into the results directory. See bench/README.md.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, log, startPostgres, temporalEngine, useTemporalCluster } from './env';
import type { Ctx, Size } from './common';
import { printTable, writeResults, type Results } from './report';

const SECTIONS = ['fanout', 'api', 'completions', 'lateness', 'burst', 'rest', 'size', 'execution-report', 'read'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    size: { type: 'string', default: 'small' },
    out: { type: 'string' },
    'skip-profile': { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- [--only ${SECTIONS.join(',')}] [--size small|full] [--out DIR] [--skip-profile] [--merge]\n`,
  );
  process.exit(0);
}
const size = values.size as Size;
if (size !== 'small' && size !== 'full') throw new Error(`--size must be small or full, not ${values.size}`);
const only = (
  values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...SECTIONS]
) as Section[];
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; choose from ${SECTIONS.join(', ')}`);
const resultsDir = resolve(values.out ?? join(REPO, 'bench', 'results'));

const RUNNERS: Record<Section, () => Promise<(ctx: Ctx) => Promise<void>>> = {
  fanout: async () => (await import('./sections/fanout')).runFanout,
  api: async () => (await import('./sections/api')).runApi,
  completions: async () => (await import('./sections/completions')).runCompletions,
  lateness: async () => (await import('./sections/lateness')).runLateness,
  burst: async () => (await import('./sections/burst')).runBurst,
  rest: async () => (await import('./sections/rest')).runRest,
  size: async () => (await import('./sections/size')).runSize,
  'execution-report': async () => (await import('./sections/execution-report')).runExecutionReport,
  read: async () => (await import('./sections/read')).runRead,
};

await mkdir(resultsDir, { recursive: true });
const startedAt = new Date().toISOString();
const pg = await startPostgres();
// BENCH_TEMPORAL=cluster: the sections run on the Temporal server built from source, its stores in this Postgres.
if (process.env.BENCH_TEMPORAL === 'cluster') useTemporalCluster(pg.adminUrl);
// Ctrl-C / SIGTERM: stop Postgres (children exit with their pipes); a second signal exits at once.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping`);
    void pg.stop().finally(() => process.exit(130));
  });
}
const ctx: Ctx = { size, pg, resultsDir, figures: [], details: {}, notes: {}, charts: [], profile: !values['skip-profile'] };
let failed = false;
try {
  for (const section of SECTIONS.filter((s) => only.includes(s))) {
    log(`section ${section} (${size})`);
    const t0 = Date.now();
    const loadBefore = loadavg()[0]!;
    try {
      await (
        await RUNNERS[section]()
      )(ctx);
    } catch (err) {
      failed = true;
      (ctx.notes[section] ??= []).push(`FAILED: ${String((err as Error).stack ?? err).slice(0, 2000)}`);
      log(`section ${section} failed: ${String((err as Error).stack ?? err)}`);
    }
    ctx.details.durations ??= {} as Record<string, number>;
    (ctx.details.durations as Record<string, number>)[section] = Math.round((Date.now() - t0) / 1000);
    // Everything shares the machine's cores; a load average far above the core count means other work ran too.
    ctx.details.loadAverage ??= {} as Record<string, unknown>;
    (ctx.details.loadAverage as Record<string, unknown>)[section] = { before: loadBefore, after: loadavg()[0] };
    (ctx.notes[section] ??= []).push(
      `machine: 1-min load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} CPUs; section took ${Math.round((Date.now() - t0) / 1000)} s.`,
    );
  }
} finally {
  await pg.stop().catch((err) => log(`postgres stop: ${String(err)}`));
}
const results: Results = {
  startedAt,
  finishedAt: new Date().toISOString(),
  size,
  sections: only,
  temporal: temporalEngine(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  figures: ctx.figures,
  details: ctx.details,
  notes: ctx.notes,
  charts: ctx.charts,
};
if (values.merge) {
  // Keep the other sections of the previous latest.json: re-run one section without losing the rest.
  try {
    const previous = JSON.parse(await readFile(join(resultsDir, 'latest.json'), 'utf8')) as Results;
    const keep = (section: string) => !only.includes(section as Section);
    results.figures = [...previous.figures.filter((f) => keep(f.section)), ...results.figures].sort(
      (a, b) => SECTIONS.indexOf(a.section as Section) - SECTIONS.indexOf(b.section as Section),
    );
    results.notes = Object.fromEntries(
      [...Object.entries(previous.notes).filter(([s]) => keep(s)), ...Object.entries(results.notes)].sort(
        (a, b) => SECTIONS.indexOf(a[0] as Section) - SECTIONS.indexOf(b[0] as Section),
      ),
    );
    const perSection = ['durations', 'loadAverage'];
    const details: Record<string, unknown> = Object.fromEntries(
      Object.entries(previous.details).filter(([k]) => !perSection.includes(k) && keep(k) && !(k === 'bundle' && only.includes('size'))),
    );
    for (const k of perSection) details[k] = { ...((previous.details[k] as object) ?? {}), ...((results.details[k] as object) ?? {}) };
    results.details = { ...details, ...Object.fromEntries(Object.entries(results.details).filter(([k]) => !perSection.includes(k))) };
    results.charts = [...new Set([...previous.charts, ...results.charts])];
    results.sections = SECTIONS.filter((s) => previous.sections.includes(s) || only.includes(s));
    results.startedAt = `${previous.startedAt} (sections ${only.join(', ')} re-run ${startedAt})`;
  } catch (err) {
    log(`--merge: no previous results to merge (${String(err)})`);
  }
}
await writeResults(resultsDir, results);
process.stdout.write('\n' + printTable(ctx.figures) + '\n\n');
process.stdout.write(`results: ${join(resultsDir, 'latest.json')}, ${join(resultsDir, 'latest.md')}\n`);
process.exit(failed ? 1 : 0);
