/**
 * Completions: N live assignments completed once each through the API (`POST …/complete`, a Temporal update
 * that waits for the workflow's recordEvent activity) against a raw Temporal update on N trivial workflows whose
 * handler runs one activity writing a row (`awaitCompleteWorkflow`). Same server, same concurrency, the same
 * closed-loop driver for both arms, so the ratio is what dondoc adds to an update: HTTP, validation, rights,
 * the read-model lookup, and a heavier workflow task.
 * Both arms' phases (details.completions.phases) come from 200 sampled calls' histories lined up with the client's
 * times (docs/completion-path.md). Before the raw loop every baseline workflow has run its first task, as dondoc's
 * have (BENCH_COMPLETIONS_SETTLE=0 skips that wait, as runs before 7 December 2026 did). Opt-in:
 * BENCH_COMPLETIONS_KEYS=1 sends an Idempotency-Key with every request.
 */
import { BENCH_TOKEN, api, cpuSecondsOf, log, syntheticUnitCodes } from '../env';
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
import protobufs from '@temporalio/proto';
import type { Client } from '@temporalio/client';

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
  // Wall-clock send and answer times by index, to line each call up with its workflow's history.
  const spans: ([number, number] | undefined)[] = [];
  const wallMs = await startMany(n, concurrency, async (i) => {
    const t = performance.now();
    const sentAt = Date.now();
    try {
      await call(i);
      latencies.push(performance.now() - t);
      spans[i] = [sentAt, Date.now()];
    } catch (err) {
      failures.push(String((err as Error).message ?? err).slice(0, 300));
    }
  });
  return { latencies, failures, wallMs, spans };
}

async function apiWithKey(url: string, path: string, body: unknown, key: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const EVENT = protobufs.temporal.api.enums.v1.EventType;
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;

/**
 * Where one completion's time went, from its workflow's history lined up with the client's send and answer times
 * (one machine, one clock): before the update's workflow task was scheduled (for dondoc: HTTP, auth, the service's
 * reads), the workflow task that accepts it (queue, run), the activity (queue, run), the workflow task that completes
 * it (queue, run), and after (the update's answer to the client, for dondoc the service's read and the audit row).
 */
async function phasesOf(client: Client, workflowId: string, span: [number, number]): Promise<Record<string, number> | null> {
  const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
  const list = (events ?? []).map((e) => ({ type: EVENT[e.eventType ?? 0] as string, at: ms(e.eventTime) }));
  const accepted = list.findIndex((e) => e.type === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  if (accepted < 0) return null;
  const before = (type: string, from: number) => {
    for (let i = from; i >= 0; i -= 1) if (list[i]!.type === type) return list[i]!.at;
    return NaN;
  };
  const after = (type: string, from: number) => list.slice(from).find((e) => e.type === type)?.at ?? NaN;
  const wft1 = [
    before('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', accepted),
    before('EVENT_TYPE_WORKFLOW_TASK_STARTED', accepted),
    before('EVENT_TYPE_WORKFLOW_TASK_COMPLETED', accepted),
  ];
  const act = [
    after('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', accepted),
    after('EVENT_TYPE_ACTIVITY_TASK_STARTED', accepted),
    after('EVENT_TYPE_ACTIVITY_TASK_COMPLETED', accepted),
  ];
  const actDone = list.findIndex((e, i) => i > accepted && e.type === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
  const wft2 = [
    after('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', actDone),
    after('EVENT_TYPE_WORKFLOW_TASK_STARTED', actDone),
    after('EVENT_TYPE_WORKFLOW_TASK_COMPLETED', actDone),
  ];
  // A workflow whose first task had not run yet when the update came takes it in that first task (no replay).
  const taskDone = (e: { type: string }) => e.type === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED';
  let acceptedIn = accepted;
  while (acceptedIn > 0 && !taskDone(list[acceptedIn]!)) acceptedIn -= 1;
  const firstTask = acceptedIn === list.findIndex(taskDone) ? 1 : 0;
  const scheduled = Math.max(wft1[0]!, span[0]);
  const phases = {
    beforeUpdate: scheduled - span[0],
    wft1Queue: wft1[1]! - scheduled,
    wft1Run: wft1[2]! - wft1[1]!,
    activityQueue: act[1]! - act[0]!,
    activityRun: act[2]! - act[1]!,
    wft2Queue: wft2[1]! - wft2[0]!,
    wft2Run: wft2[2]! - wft2[1]!,
    gaps: act[0]! - wft1[2]! + (wft2[0]! - act[2]!),
    afterUpdate: span[1] - wft2[2]!,
    total: span[1] - span[0],
    historyEvents: list.length,
    inFirstTask: firstTask,
  };
  return Object.values(phases).every(Number.isFinite) ? phases : null;
}

/** Mean and p50 of each phase over a sample of calls. */
async function breakdown(client: Client, ids: string[], spans: ([number, number] | undefined)[], sample = 200) {
  const picked = ids.map((id, i) => [id, spans[i]] as const).filter((x): x is readonly [string, [number, number]] => !!x[1]);
  const step = Math.max(1, Math.floor(picked.length / sample));
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < picked.length && rows.length < sample; i += step) {
    const r = await phasesOf(client, picked[i]![0], picked[i]![1]).catch(() => null);
    if (r) rows.push(r);
  }
  const out: Record<string, { mean: number | null; p50: number | null }> = {};
  for (const k of Object.keys(rows[0] ?? {})) {
    const v = rows.map((r) => r[k]!);
    out[k] = { mean: round(v.reduce((a, b) => a + b, 0) / v.length, 1), p50: round(percentile(v, 50), 1) };
  }
  const history = picked[0] ? await client.workflow.getHandle(picked[0][0]).fetchHistory() : { events: [] };
  const sampleHistory = (history.events ?? []).map((e) => String(EVENT[e.eventType ?? 0]).replace('EVENT_TYPE_', ''));
  const historyBytes = protobufs.temporal.api.history.v1.History.encode(history).finish().length;
  return { sampled: rows.length, phases: out, sampleHistory, historyBytes };
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
    if (process.env.BENCH_COMPLETIONS_SETTLE !== '0') {
      // Like dondoc's (each has recorded its `assigned` event), every baseline workflow has run its first task.
      const t1 = performance.now();
      for (let round = 0; round < 600; round += 1) {
        let idle = 0;
        await startMany(n, START_CONCURRENCY, async (i) => {
          const d = await tc.client.workflow.getHandle(`cmp-base-${i}`).describe();
          if (d.historyLength >= 4) idle += 1;
        });
        if (idle === n) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      note(
        ctx,
        S,
        `BENCH_COMPLETIONS_SETTLE: the baseline's workflows had all run their first task ${Math.round(performance.now() - t1)} ms after their starts.`,
      );
    }

    // Baseline: the raw update, from a Temporal client in this process.
    let cpu0: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    const rawRun = await closedLoop(n, CONCURRENCY, async (i) => {
      await tc.client.workflow.getHandle(`cmp-base-${i}`).executeUpdate('complete');
    });
    let cpu1: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    const raw = armOf(rawRun, { worker: round(cpu1[0]! - cpu0[0]!)!, temporal: round(cpu1[1]! - cpu0[1]!)! });

    // dondoc: POST …/complete through the API process, the same loop and concurrency.
    const units = syntheticUnitCodes(n);
    // BENCH_COMPLETIONS_KEYS=1: every request carries its own Idempotency-Key, as a careful client's would.
    const withKeys = process.env.BENCH_COMPLETIONS_KEYS === '1';
    if (withKeys) note(ctx, S, 'BENCH_COMPLETIONS_KEYS: every completion request carries its own Idempotency-Key.');
    cpu0 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids), cpuSecondsOf(apiProc.pid)]);
    const apiRun = await closedLoop(n, CONCURRENCY, async (i) => {
      const path = `/v1/tasks/cmp-0/assignments/${units[i]}/complete`;
      const body = { note: 'done', documentNumber: '1/BENCH' };
      const res = withKeys ? await apiWithKey(apiProc.url, path, body, `cmp-${i}`) : await api(apiProc.url, path, body);
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
    const byUnit = new Map(
      (
        await db.sql<{ workflow_id: string; unit_code: string }[]>`SELECT workflow_id, unit_code FROM assignments WHERE task_id = 'cmp-0'`
      ).map((r) => [r.unit_code, r.workflow_id]),
    );
    const phases = {
      dondoc: await breakdown(
        tc.client,
        units.map((u) => byUnit.get(u) ?? ''),
        apiRun.spans,
      ),
      baseline: await breakdown(
        tc.client,
        Array.from({ length: n }, (_, i) => `cmp-base-${i}`),
        rawRun.spans,
      ),
    };

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
    ctx.details[S] = { n, concurrency: CONCURRENCY, dondoc, baseline: raw, recordedCompletions: done!.n, baselineRows: marked!.n, phases };
    const fmt = (p: typeof phases.dondoc) =>
      Object.entries(p.phases)
        .map(([k, v]) => `${k} ${v.mean}`)
        .join(', ');
    note(
      ctx,
      S,
      `phases (ms, mean of ${phases.dondoc.sampled} sampled), dondoc: ${fmt(phases.dondoc)}; history ${phases.dondoc.historyBytes} bytes.`,
    );
    note(
      ctx,
      S,
      `phases (ms, mean of ${phases.baseline.sampled} sampled), baseline: ${fmt(phases.baseline)}; history ${phases.baseline.historyBytes} bytes.`,
    );
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
