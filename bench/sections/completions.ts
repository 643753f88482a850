/**
 * Completions: N live assignments completed once each through the API (`POST …/complete`, a Temporal update
 * that waits for the workflow's recordEvent activity) against a raw Temporal update on N trivial workflows whose
 * handler runs one activity writing a row (`awaitCompleteWorkflow`). Same server, same concurrency, the same
 * closed-loop driver for both arms, so the ratio is what dondoc adds to an update: HTTP, validation, rights,
 * the read-model lookup, and a heavier workflow task.
 */
import { api, cpuSecondsOf, log, syntheticUnitCodes } from '../env';
import {
  START_CONCURRENCY,
  createTasksViaApi,
  followCount,
  note,
  startMany,
  startedAssignments,
  withBenchStack,
  type Ctx,
} from '../common';
import { figure, percentile, round } from '../report';

const S = 'completions';
/** Requests in flight, as the api section's autocannon connections. */
const CONCURRENCY = 50;

interface Arm {
  ok: number;
  failed: number;
  firstFailure: string | null;
  wallMs: number;
  perSecond: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  cpu: { worker: number; temporal: number; api?: number };
}

/** Runs `call(i)` for i < n with `concurrency` in flight; each call's latency is measured on its own. */
async function closedLoop(n: number, concurrency: number, call: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  const failures: string[] = [];
  const wallMs = await startMany(n, concurrency, async (i) => {
    const t = performance.now();
    try {
      await call(i);
      latencies.push(performance.now() - t);
    } catch (err) {
      failures.push(String((err as Error).message ?? err).slice(0, 300));
    }
  });
  return { latencies, failures, wallMs };
}

function armOf(r: Awaited<ReturnType<typeof closedLoop>>, cpu: Arm['cpu']): Arm {
  return {
    ok: r.latencies.length,
    failed: r.failures.length,
    firstFailure: r.failures[0] ?? null,
    wallMs: Math.round(r.wallMs),
    perSecond: round(r.latencies.length / (r.wallMs / 1000), 1)!,
    p50: round(percentile(r.latencies, 50), 0),
    p99: round(percentile(r.latencies, 99), 0),
    max: round(percentile(r.latencies, 100), 0),
    cpu,
  };
}

export async function runCompletions(ctx: Ctx): Promise<void> {
  const n = Number(process.env.BENCH_COMPLETIONS_N ?? (ctx.size === 'full' ? 2000 : 1000));
  await withBenchStack(ctx, 'bench_completions', n, async ({ temporal, db, tc, worker, trivial, apiProc }) => {
    // Both arms' workflows first, each waiting for its one completion.
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'cmp', taskPrefix: 'cmp', n, dueOn: '2099-12-31' });
    const started = await followCount(() => startedAssignments(db.sql, 'cmp'), n, t0, Math.max(600_000, n * 200), 500);
    if (started.doneMs === null) throw new Error(`only ${started.last}/${n} assignments started`);
    await startMany(n, START_CONCURRENCY, (i) =>
      tc.client.workflow.start('awaitCompleteWorkflow', { taskQueue: 'trivial', workflowId: `cmp-base-${i}`, args: [`cmp-base-${i}`] }),
    );
    note(ctx, S, `${n} assignments started through the API in ${Math.round(started.doneMs / 1000)} s; ${n} trivial workflows started.`);

    // Baseline: the raw update, from a Temporal client in this process.
    let cpu0: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    const rawRun = await closedLoop(n, CONCURRENCY, async (i) => {
      await tc.client.workflow.getHandle(`cmp-base-${i}`).executeUpdate('complete');
    });
    let cpu1: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    const raw = armOf(rawRun, { worker: round(cpu1[0]! - cpu0[0]!)!, temporal: round(cpu1[1]! - cpu0[1]!)! });

    // dondoc: POST …/complete through the API process, the same loop and concurrency.
    const units = syntheticUnitCodes(n);
    cpu0 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids), cpuSecondsOf(apiProc.pid)]);
    const apiRun = await closedLoop(n, CONCURRENCY, async (i) => {
      const res = await api(apiProc.url, `/v1/tasks/cmp-0/assignments/${units[i]}/complete`, { note: 'done', documentNumber: '1/BENCH' });
      if (res.status < 200 || res.status > 299) throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    });
    cpu1 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids), cpuSecondsOf(apiProc.pid)]);
    const dondoc = armOf(apiRun, {
      worker: round(cpu1[0]! - cpu0[0]!)!,
      temporal: round(cpu1[1]! - cpu0[1]!)!,
      api: round(cpu1[2]! - cpu0[2]!)!,
    });
    const [done] = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments WHERE task_id = 'cmp-0' AND completion IS NOT NULL`;
    const [marked] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bench_marks WHERE id LIKE 'cmp-base-%'`;

    ctx.figures.push(
      figure({
        section: S,
        name: `N=${n}, ${CONCURRENCY} in flight: completions per second`,
        unit: '/s',
        value: dondoc.perSecond,
        baseline: raw.perSecond,
      }),
      figure({ section: S, name: `N=${n}: completion latency p50`, unit: 'ms', value: dondoc.p50, baseline: raw.p50 }),
      figure({ section: S, name: `N=${n}: completion latency p99`, unit: 'ms', value: dondoc.p99, baseline: raw.p99 }),
      figure({ section: S, name: `N=${n}: completions that failed`, unit: '', value: dondoc.failed, baseline: raw.failed }),
    );
    ctx.details[S] = { n, concurrency: CONCURRENCY, dondoc, baseline: raw, recordedCompletions: done!.n, baselineRows: marked!.n };
    note(
      ctx,
      S,
      `dondoc: ${dondoc.ok}/${n} answered 200 in ${Math.round(dondoc.wallMs / 1000)} s (${done!.n} read-model rows carry the completion), CPU s worker ${dondoc.cpu.worker}, Temporal ${dondoc.cpu.temporal}, API ${dondoc.cpu.api}${dondoc.firstFailure ? `; first failure: ${dondoc.firstFailure}` : ''}.`,
    );
    note(
      ctx,
      S,
      `baseline: ${raw.ok}/${n} updates answered in ${Math.round(raw.wallMs / 1000)} s (${marked!.n} rows written by the update's activity), CPU s worker ${raw.cpu.worker}, Temporal ${raw.cpu.temporal}${raw.firstFailure ? `; first failure: ${raw.firstFailure}` : ''}.`,
    );
  });
  log(`${S}: done`);
}
