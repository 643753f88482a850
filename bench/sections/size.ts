/**
 * 5. Workflow size: history events per assignment on the quiet path (assigned, completed on time) and through
 * "a year of weekly escalations" compressed in time (the top rung repeating every second, 52 repeats), with the
 * default continue-as-new threshold (5,000 events) and with a low one (100) to show continue-as-new keeping each
 * run's history bounded. Baseline: the minimum history of a trivial workflow (emptyWorkflow).
 */
import type { Client } from '@temporalio/client';
import { createCalendarProvider } from '../../db/calendars';
import { toVnDate } from '../../domain/dates';
import { assignmentWorkflowId, type AssignmentInput, type AssignmentWorkflow } from '../../workflows/contract';
import { api, log, sleep, until } from '../env';
import { createTasksViaApi, followCount, note, startedAssignments, withBenchStack, type Ctx } from '../common';
import { figure } from '../report';
import { bundleStats } from '../bundle-stats';

const S = 'size';
const REPEATS = 52;

async function runsOf(client: Client, workflowId: string): Promise<{ runId: string; status: string; historyLength: number }[]> {
  const runs: { runId: string; status: string; historyLength: number }[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push({ runId: w.runId, status: w.status.name, historyLength: w.historyLength });
    if (runs.length > 1000) break;
  }
  return runs;
}

export async function runSize(ctx: Ctx): Promise<void> {
  await withBenchStack(ctx, 'bench_size', 10, async ({ db, tc, apiProc }) => {
    const client = tc.client;

    // Baseline: the smallest workflow history there is, and one with a single activity.
    await client.workflow.execute('emptyWorkflow', { taskQueue: 'trivial', workflowId: 'size-empty', args: [] });
    await client.workflow.execute('markWorkflow', { taskQueue: 'trivial', workflowId: 'size-mark', args: ['size-mark'] });
    const emptyLen = (await client.workflow.getHandle('size-empty').describe()).historyLength;
    const markLen = (await client.workflow.getHandle('size-mark').describe()).historyLength;

    // Quiet path: assigned, then completed on time, through the API.
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'size', taskPrefix: 'quiet', n: 1, dueOn: '2099-12-31' });
    await followCount(() => startedAssignments(db.sql, 'quiet'), 1, t0, 60_000);
    const done = await api(apiProc.url, '/v1/tasks/quiet-0/assignments/unit-00000/complete', { note: 'done' });
    if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
    const quietHandle = client.workflow.getHandle(assignmentWorkflowId('quiet-0', 'unit-00000'));
    await quietHandle.result();
    const quiet = await quietHandle.describe();

    // A year of weekly top-rung escalations, one second standing for one week.
    const policy = {
      reminders: [],
      escalations: [
        { after: { duration: 'PT1S' }, rung: 'unit_head' },
        { after: { duration: 'PT2S' }, rung: 'supervising_leader' },
        { after: { duration: 'PT3S' }, rung: 'coordinator' },
      ],
      repeatTopRungEvery: { duration: 'PT1S' },
    };
    const dueAt = Date.now() + 8000;
    await createTasksViaApi(apiProc.url, { directiveId: 'size', taskPrefix: 'year', n: 1, dueAt: new Date(dueAt).toISOString(), policy });
    // The same assignment with a low continue-as-new threshold (maxHistoryEvents is an input field, not in the API).
    const calendar = await createCalendarProvider(db.sql).get();
    const lowId = assignmentWorkflowId('year-0', 'unit-00001');
    const input: AssignmentInput = {
      taskId: 'year-0',
      directiveId: 'size',
      unitCode: 'unit-00001',
      dueOn: toVnDate(new Date(dueAt)),
      dueAt,
      policy: { ...policy, timeOfDay: '08:00' } as AssignmentInput['policy'],
      calendar,
      coordinatorUnit: 'vpcp',
      confirmationRequired: false,
      maxHistoryEvents: 100,
    };
    await client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', { taskQueue: 'dondoc', workflowId: lowId, args: [input] });
    const escalations = async (unit: string) =>
      (
        await db.sql<
          { n: number }[]
        >`SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id = ${assignmentWorkflowId('year-0', unit)} AND kind = 'escalation'`
      )[0]!.n;
    const target = policy.escalations.length + REPEATS;
    const reached = await until(
      async () => (await escalations('unit-00000')) >= target && (await escalations('unit-00001')) >= target,
      180_000,
      500,
    );
    for (const unit of ['unit-00000', 'unit-00001']) {
      const res = await api(apiProc.url, `/v1/tasks/year-0/assignments/${unit}/cancel`, { reason: 'benchmark year over' });
      if (res.status !== 200) log(`${S}: cancel ${unit}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const yearDefault = client.workflow.getHandle(assignmentWorkflowId('year-0', 'unit-00000'));
    await yearDefault.result().catch(() => {});
    await client.workflow
      .getHandle(lowId)
      .result()
      .catch(() => {});
    await sleep(2000); // visibility catches up
    const defRuns = await runsOf(client, assignmentWorkflowId('year-0', 'unit-00000'));
    const lowRuns = await runsOf(client, lowId);
    const events = async (unit: string) =>
      await db.sql<
        { kind: string; n: number }[]
      >`SELECT kind, count(*)::int AS n FROM assignment_events WHERE workflow_id = ${assignmentWorkflowId('year-0', unit)} GROUP BY kind ORDER BY kind`;
    const defEvents = await events('unit-00000');
    const lowEvents = await events('unit-00001');
    const total = (runs: { historyLength: number }[]) => runs.reduce((s, r) => s + r.historyLength, 0);
    const maxRun = (runs: { historyLength: number }[]) => Math.max(0, ...runs.map((r) => r.historyLength));

    ctx.figures.push(
      figure({
        section: S,
        name: 'quiet path (assigned → completed on time): history events',
        unit: 'events',
        value: quiet.historyLength,
        baseline: emptyLen,
      }),
      figure({
        section: S,
        name: `year of weekly escalations (${REPEATS} repeats), default threshold: events in all runs`,
        unit: 'events',
        value: total(defRuns),
        baseline: emptyLen,
      }),
      figure({
        section: S,
        name: 'year, default threshold: runs / largest run',
        unit: 'events',
        value: maxRun(defRuns),
        baseline: emptyLen,
        note: `${defRuns.length} run(s)`,
      }),
      figure({ section: S, name: `year, threshold 100: runs (continue-as-new)`, unit: 'runs', value: lowRuns.length, baseline: 1 }),
      figure({
        section: S,
        name: 'year, threshold 100: largest run',
        unit: 'events',
        value: maxRun(lowRuns),
        baseline: emptyLen,
        goal: 'bounded (≤ threshold + one step)',
        met: maxRun(lowRuns) <= 130,
      }),
    );
    ctx.details[S] = {
      baseline: { emptyWorkflow: emptyLen, oneActivityWorkflow: markLen },
      quiet: { historyLength: quiet.historyLength, status: quiet.status.name },
      yearReachedTarget: reached,
      yearDefaultThreshold: { runs: defRuns, recordedEvents: defEvents },
      yearThreshold100: { runs: lowRuns, recordedEvents: lowEvents },
    };
    // Evidence for the worker's per-workflow memory (section rest): with the SDK's reusable V8 context each workflow
    // gets its own instance of every module in the bundle, so what the bundle holds is paid per cached workflow.
    const [ddBundle, baseBundle] = [await bundleStats('../workflows/index.ts'), await bundleStats('./workflows/index.ts')];
    ctx.figures.push(
      figure({
        section: S,
        name: 'workflow bundle code (no source map)',
        unit: 'KiB',
        value: Math.round(ddBundle.bytes / 1024),
        baseline: Math.round(baseBundle.bytes / 1024),
      }),
    );
    ctx.details.bundle = { dondoc: ddBundle, baseline: baseBundle };
    note(
      ctx,
      S,
      `workflow bundle by package (KiB): dondoc ${Object.entries(ddBundle.byPackage)
        .map(([k, v]) => `${k} ${Math.round(v / 1024)}`)
        .join(', ')}; baseline ${Object.entries(baseBundle.byPackage)
        .map(([k, v]) => `${k} ${Math.round(v / 1024)}`)
        .join(', ')}.`,
    );
    note(
      ctx,
      S,
      `baseline: emptyWorkflow ${emptyLen} events, a one-activity workflow ${markLen}. Quiet path ${quiet.historyLength} events in 1 run.`,
    );
    note(
      ctx,
      S,
      `year compressed: policy with escalations at PT1S/PT2S/PT3S after dueAt and the top rung repeating every PT1S (one second = one week), cancelled after ${REPEATS} repeats (reached: ${reached}). Default threshold (5,000): ${defRuns.length} run(s), ${total(defRuns)} events ≈ ${Math.round(total(defRuns) / target)} per escalation. Threshold 100: ${lowRuns.length} runs [${lowRuns.map((r) => r.historyLength).join(', ')}] events each.`,
    );
    note(
      ctx,
      S,
      `recorded events (read model) default: ${defEvents.map((e) => `${e.kind} ${e.n}`).join(', ')}; threshold 100: ${lowEvents.map((e) => `${e.kind} ${e.n}`).join(', ')} — continue-as-new loses and doubles nothing.`,
    );
  });
  log(`${S}: done`);
}
