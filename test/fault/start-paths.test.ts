/**
 * Fault: the one start path of assignment workflows (services/assignment-starts.ts) under a failed start and a
 * process that dies between recording and starting. A task with a lead and co-operating units, and a pass-on to
 * sub-assignments, each start every workflow exactly once, from its own recorded input: a co-operating unit with
 * its contribution date, answering to the lead, a sub-assignment answering to its holder, never as a lead.
 *
 * The faults are injected at the Temporal client's start call of the API under test (the real client, over the
 * real Temporal): "fails once" throws as an unreachable frontend would; "dies" never returns, and the API is then
 * stopped with the request in flight, leaving the database exactly as a killed process leaves it (everything
 * committed, nothing started). A fresh API then resumes as `npm run api` does at boot (resumePendingFanouts).
 */
import type { WorkflowStartOptions } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units';
import { resumePendingFanouts } from '../../services/tasks';
import { startApiOnly, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const TASK_QUEUE = 'fault-starts';
let temporal: TestTemporal;
let db: TestDatabase;
let worker: WorkerProcess;
let options: Parameters<typeof startApiOnly>[0];
const apis: ApiOnly[] = [];

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  options = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: TASK_QUEUE, units: UNITS };
  worker = await startWorkerProcess(options);
  const api = await startApi();
  const directive = await api.api('/v1/directives', {
    id: 'sp',
    number: '1/STARTS',
    issuer: 'VPCP',
    issuedOn: '2024-05-06',
    title: 'starts',
  });
  expect(directive.status).toBe(201);
}, 120_000);

afterAll(async () => {
  for (const api of apis) await api.close().catch(() => {});
  await worker?.kill();
  await temporal?.stop();
  await db?.drop();
});

async function startApi(): Promise<ApiOnly> {
  const api = await startApiOnly(options);
  apis.push(api);
  return api;
}

type Fault = 'fails-once' | 'dies';

/** Makes the API's next fan-out start fail (or hang, as in a process that died); answers when it was reached. */
function injectFanoutFault(api: ApiOnly, fault: Fault): Promise<void> {
  const client = api.deps.temporal.workflow;
  const start = client.start.bind(client);
  let reached!: () => void;
  const wasReached = new Promise<void>((resolve) => (reached = resolve));
  let armed = true;
  client.start = (async (type: string, startOptions: WorkflowStartOptions) => {
    if (!armed || type !== 'fanoutWorkflow') return start(type, startOptions);
    armed = fault === 'dies';
    reached();
    if (fault === 'fails-once') throw Object.assign(new Error('14 UNAVAILABLE: injected: frontend unreachable'), { code: 14 });
    return new Promise(() => {});
  }) as typeof client.start;
  return wasReached;
}

interface Started {
  workflowId: string;
  role: string;
  runs: number;
  assigned: number;
  dueOn: string;
  coordinatorUnit: string;
  confirmationRequired: boolean;
}

/** Every workflow of the task as Temporal ran it: how many runs, "assigned" events, and the input it started with. */
async function startedWorkflows(api: ApiOnly, taskId: string): Promise<Started[]> {
  const rows = await db.sql<{ workflow_id: string; role: string; parent: boolean; assigned: number }[]>`
    SELECT a.workflow_id, a.role, a.parent_workflow_id IS NOT NULL AS parent,
           (SELECT count(*)::int FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'assigned') AS assigned
    FROM assignments a WHERE a.task_id = ${taskId} ORDER BY a.workflow_id`;
  const out: Started[] = [];
  for (const row of rows) {
    let runs = 0;
    for await (const _ of api.deps.temporal.workflow.list({ query: `WorkflowId = '${row.workflow_id}'` })) runs += 1;
    const history = await api.deps.temporal.workflow.getHandle(row.workflow_id).fetchHistory();
    const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const input = JSON.parse(Buffer.from(payload.data!).toString('utf8')) as {
      dueOn: string;
      coordinatorUnit: string;
      confirmationRequired: boolean;
    };
    const { dueOn, coordinatorUnit, confirmationRequired } = input;
    out.push({
      workflowId: row.workflow_id,
      role: row.parent ? 'sub' : row.role,
      runs,
      assigned: row.assigned,
      dueOn,
      coordinatorUnit,
      confirmationRequired,
    });
  }
  return out;
}

const pendingBatches = async (taskId: string) =>
  (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignment_starts WHERE task_id = ${taskId} AND started_at IS NULL`)[0]!.n;

const task = (id: string) => ({
  id,
  title: `Starts ${id}`,
  dueOn: '2099-12-31',
  assignees: { units: ['an-giang'] },
  coordinatingUnits: ['bo-ca', 'bo-tttt'],
});

/** The lead, its two contributions (due three working days before, answering to An Giang) and two sub-assignments. */
async function expectEachStartedOnceAsItself(api: ApiOnly, taskId: string) {
  const [contribution] = await db.sql<{ due_on: string }[]>`
    SELECT due_on FROM assignments WHERE task_id = ${taskId} AND role = 'cooperating' LIMIT 1`;
  expect(contribution!.due_on < '2099-12-31').toBe(true);
  const all = await eventually(async () => {
    const got = await startedWorkflows(api, taskId);
    expect(got.every((w) => w.assigned === 1 && w.runs === 1)).toBe(true);
    return got;
  }, 90_000);
  const lead = { role: 'lead', runs: 1, assigned: 1, dueOn: '2099-12-31', coordinatorUnit: 'vpcp', confirmationRequired: false };
  const cooperating = { role: 'cooperating', runs: 1, assigned: 1, dueOn: contribution!.due_on, coordinatorUnit: 'an-giang' };
  const sub = { role: 'sub', runs: 1, assigned: 1, dueOn: '2099-11-30', coordinatorUnit: 'an-giang', confirmationRequired: false };
  expect(all).toEqual([
    { workflowId: `assignment/${taskId}/ag-xa-an-phu`, ...sub },
    { workflowId: `assignment/${taskId}/ag-xa-vinh-hau`, ...sub },
    { workflowId: `assignment/${taskId}/an-giang`, ...lead },
    { workflowId: `assignment/${taskId}/bo-ca`, ...cooperating, confirmationRequired: true },
    { workflowId: `assignment/${taskId}/bo-tttt`, ...cooperating, confirmationRequired: true },
  ]);
}

const passOnBody = {
  children: [
    { unitCode: 'ag-xa-an-phu', dueOn: '2099-11-30' },
    { unitCode: 'ag-xa-vinh-hau', dueOn: '2099-11-30' },
  ],
};

describe('assignment starts under faults', () => {
  it('a failed fan-out start is resumed once, each unit with its own role and due date', async () => {
    const api = apis[0]!;
    void injectFanoutFault(api, 'fails-once');
    const created = await api.api('/v1/directives/sp/tasks', task('sp-fail'));
    expect(created.status).toBe(503);
    expect(await pendingBatches('sp-fail')).toBe(1);
    // Two API processes booting at once both resume: still one start each.
    await Promise.all([resumePendingFanouts(api.deps), resumePendingFanouts((await startApi()).deps)]);
    expect(await pendingBatches('sp-fail')).toBe(0);
    await eventually(async () => {
      const [lead] = await db.sql<{ version: number }[]>`
        SELECT version FROM assignments WHERE task_id = 'sp-fail' AND unit_code = 'an-giang'`;
      expect(lead!.version).toBeGreaterThan(0);
    }, 60_000);

    void injectFanoutFault(api, 'fails-once');
    const path = '/v1/tasks/sp-fail/assignments/an-giang/sub-assignments';
    expect((await api.api(path, passOnBody)).status).toBe(503);
    expect(await pendingBatches('sp-fail')).toBe(1);
    await resumePendingFanouts(api.deps);
    await expectEachStartedOnceAsItself(api, 'sp-fail');
  }, 180_000);

  it('a process that dies between recording and starting leaves the starts to the next one, each once', async () => {
    const first = await startApi();
    const died = injectFanoutFault(first, 'dies');
    const request = first.api('/v1/directives/sp/tasks', task('sp-die')).catch((err: Error) => ({ status: 0, body: String(err) }));
    await died;
    first.kill();
    expect((await request).status).toBe(0);
    expect(await pendingBatches('sp-die')).toBe(1);
    expect((await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE task_id = 'sp-die' AND version > 0`)[0]!.n).toBe(
      0,
    );

    const second = await startApi();
    expect(await resumePendingFanouts(second.deps)).toBe(1);
    await eventually(async () => {
      const [lead] = await db.sql<
        { version: number }[]
      >`SELECT version FROM assignments WHERE task_id = 'sp-die' AND unit_code = 'an-giang'`;
      expect(lead!.version).toBeGreaterThan(0);
    }, 60_000);

    const dying = injectFanoutFault(second, 'dies');
    const path = '/v1/tasks/sp-die/assignments/an-giang/sub-assignments';
    const passing = second.api(path, passOnBody).catch((err: Error) => ({ status: 0, body: String(err) }));
    await dying;
    second.kill();
    expect((await passing).status).toBe(0);
    const third = await startApi();
    expect(await resumePendingFanouts(third.deps)).toBe(1);
    expect(await resumePendingFanouts(third.deps)).toBe(0);
    await expectEachStartedOnceAsItself(third, 'sp-die');
  }, 180_000);
});
