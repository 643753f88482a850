/**
 * The seed documents loaded into a running system (real Temporal dev server and Postgres): every directive
 * with its tasks and assignments, the Project 06 review's 62/63 and 22/28, Notice 203's laggards by name,
 * and seeding twice changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds } from '../../seeds/load';
import { SEED_DIRECTIVES, type SeedDirective } from '../../seeds/directives';
import { assignmentWorkflowId } from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

/** Seeded after the second seeding, through the same path: its start is the signal that seeding's work is done. */
const SENTINEL: SeedDirective = {
  id: 'seed-sentinel',
  number: '1/TEST',
  kind: 'notice',
  issuer: 'test',
  issuedOn: '2024-01-02',
  title: 'Sentinel',
  sourceDoc: 'test',
  summary: 'Seeded last to show the seeding before it has settled.',
  tasks: [
    {
      id: 'seed-sentinel-task',
      title: 'Sentinel task',
      description: 'sentinel',
      deadlineText: 'by 31 December 2099',
      dueOn: '2099-12-31',
      assignees: { units: ['an-giang'] },
    },
  ],
};
const SENTINEL_WORKFLOW = assignmentWorkflowId('seed-sentinel-task', 'an-giang');

beforeAll(async () => {
  system = await startTestSystem({ seed: true });
}, 300_000);

afterAll(async () => {
  await system?.shutdown();
});

describe('seeded directives', () => {
  it('shows every seed directive with its tasks and assignments', async () => {
    const res = await system.api('/v1/directives');
    const byId = new Map(res.body.items.map((d: { id: string }) => [d.id, d]));
    for (const seed of SEED_DIRECTIVES) {
      expect(byId.get(seed.id), seed.id).toMatchObject({ number: seed.number, taskCount: seed.tasks.length });
    }
    const notice = byId.get('tb-203-2024') as { assignmentCount: number };
    expect(notice.assignmentCount).toBeGreaterThan(300);
    const fees = await system.api('/v1/assignments?task=tb203-fee-resolutions');
    expect(fees.body.items.map((a: { unitCode: string }) => a.unitCode).sort()).toEqual([
      'an-giang',
      'can-tho',
      'dak-nong',
      'ho-chi-minh',
      'kien-giang',
      'soc-trang',
      'tay-ninh',
    ]);
  });

  it('reads 62/63 localities and 22/28 ministries for the Project 06 review', async () => {
    const res = await system.api('/v1/tasks/cv452-security-review-report/progress');
    expect(res.status).toBe(200);
    expect(res.body.byGroup).toEqual({ localities: { done: 62, total: 63 }, ministries: { done: 22, total: 28 } });
    expect(res.body.headline).toBe('62/63 localities and 22/28 ministries and agencies completed');
    expect(res.body.laggards).toHaveLength(7);
    const directive = await system.api('/v1/directives/cv-452-review-2024/progress');
    expect(directive.body.byGroup.localities).toEqual({ done: 62, total: 63 });
  });

  it("lists each province and ministry not done with Notice 203's Steering Committee", async () => {
    const res = await system.api('/v1/tasks/tb203-steering-committee/progress');
    expect(res.body.byGroup.localities).toEqual({ done: 0, total: 63 });
    const laggards: { unitCode: string; unitName: string; daysLate: number; status: string }[] = res.body.laggards;
    expect(laggards).toHaveLength(res.body.total);
    expect(laggards.map((l) => l.unitCode)).toEqual(expect.arrayContaining(['an-giang', 'kien-giang', 'bo-tttt', 'bo-ca']));
    const kienGiang = laggards.find((l) => l.unitCode === 'kien-giang')!;
    expect(kienGiang).toMatchObject({ unitName: 'Tỉnh Kiên Giang', status: 'overdue' });
    expect(kienGiang.daysLate).toBeGreaterThan(365);
    const key = await system.api('/v1/directives/tb-203-2024/progress?key=true');
    expect(key.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['tb203-steering-committee', 'tb203-semiconductor-strategy']);
  });

  it('seeding again changes nothing', async () => {
    const count = async () => (await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignment_events`)[0]!.n;
    // The first seeding's fan-outs run on after it returns: wait until every assignment has started and the
    // event log is still, or a late "assigned" event would look like a change.
    const before = await eventually(
      async () => {
        const [pending] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE version = 0`;
        expect(pending!.n).toBe(0);
        const first = await count();
        await new Promise((r) => setTimeout(r, 1000));
        expect(await count()).toBe(first);
        return first;
      },
      120_000,
      250,
    );
    const tasks = (await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks`)[0]!.n;
    await loadSeeds(system.deps);
    // A fan-out the second seeding started would run in the background. A sentinel task seeded the same way
    // afterwards reaching "assigned" shows such work had its turn; only then does "nothing new" mean something.
    await loadSeeds(system.deps, [SENTINEL]);
    await eventually(
      async () => {
        const [row] = await system.deps.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id = ${SENTINEL_WORKFLOW} AND kind = 'assigned'`;
        expect(row!.n).toBe(1);
      },
      60_000,
      250,
    );
    const [seeded] = await system.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id <> ${SENTINEL_WORKFLOW}`;
    expect(seeded!.n).toBe(before);
    expect((await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks`)[0]!.n).toBe(tasks + 1);
  }, 180_000);
});
