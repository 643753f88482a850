/**
 * Leader digests on the real servers: the Temporal Schedule exists at 07:30 Vietnam time; a digest run lists
 * exactly the overdue assignments in each leader's scope (grouped by directive and unit, with days late),
 * reaches the leader by email and in the in-app inbox, is written once however often it runs, skips leaders
 * with nothing to say, weekly readers mid-week, and everyone on a day off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atTimeVn } from '../../domain/dates';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { digestScheduleId } from '../../worker/background';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { addPeople } from '../support/people';

let system: TestSystem;
let mail: MailCatcher;
const TASK_QUEUE = `digests-${process.pid}`;
const tokens: Record<string, string> = {};

// Wednesday 25 November 2026, a working day; Monday 23 November starts that week.
const WEDNESDAY = atTimeVn('2026-11-25', '07:30').getTime();
const MONDAY = atTimeVn('2026-11-23', '07:30').getTime();
// 2 September, National Day: a day off.
const NATIONAL_DAY = atTimeVn('2026-09-02', '07:30').getTime();

async function runDigests(at: number, id: string): Promise<{ day: string; sent: number; leaders: number }> {
  return system.deps.temporal.workflow.execute('leaderDigestsWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: `digest-test/${id}`,
    args: [{ at }],
  });
}

beforeAll(async () => {
  mail = await startMailCatcher();
  system = await startTestSystem({
    taskQueue: TASK_QUEUE,
    delivery: { smtpUrl: mail.smtpUrl, publicUrl: 'http://dondoc.test', pollMs: 200 },
  });
  const people = [
    {
      id: 'leader-south',
      name: 'Leader South',
      role: 'leader',
      scope: ['an-giang', 'can-tho'],
      email: 'south@chinhphu.vn',
      language: 'en',
    },
    {
      id: 'leader-north',
      name: 'Leader North',
      role: 'leader',
      scope: ['ha-noi'],
      email: 'north@chinhphu.vn',
      language: 'vi',
      digest: 'weekly',
    },
    { id: 'leader-quiet', name: 'Leader Quiet', role: 'leader', scope: ['ca-mau'], email: 'quiet@chinhphu.vn' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  await system.api('/v1/directives', {
    body: { id: 'tb-digest', number: '203/TB-VPCP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Notice 203' },
  });
  const tasks = [
    { id: 'steering', title: 'Steering Committee', dueOn: '2024-05-09', assignees: { units: ['an-giang', 'can-tho', 'ha-noi'] } },
    { id: 'fees', title: 'Fee resolution', dueOn: '2024-05-31', assignees: { units: ['an-giang'] } },
    { id: 'later', title: 'Later task', dueOn: '2099-12-31', assignees: { units: ['an-giang', 'ca-mau'] } },
  ];
  for (const task of tasks) expect((await system.api('/v1/directives/tb-digest/tasks', { body: task })).status).toBe(202);
  await eventually(
    async () => {
      const [row] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE version >= 1`;
      expect(row!.n).toBe(6);
    },
    60_000,
    250,
  );
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
  await mail?.stop();
});

describe('leader digests', () => {
  it('has a schedule at 07:30 Asia/Ho_Chi_Minh', async () => {
    const description = await system.deps.temporal.schedule.getHandle(digestScheduleId(TASK_QUEUE)).describe();
    expect(description.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(JSON.stringify(description.spec.calendars)).toMatch(/"hour":\[\{"start":7,"end":7/);
    expect(JSON.stringify(description.spec.calendars)).toMatch(/"minute":\[\{"start":30,"end":30/);
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'leaderDigestsWorkflow' });
  });

  it("lists exactly the overdue assignments in the leader's scope, by email and in the inbox", async () => {
    const result = await runDigests(WEDNESDAY, 'wednesday');
    expect(result).toEqual({ day: '2026-11-25', sent: 1, leaders: 2 });

    const expected = await system.deps.sql<{ task_id: string; unit_code: string }[]>`
      SELECT task_id, unit_code FROM assignments WHERE status = 'overdue' AND unit_code IN ('an-giang', 'can-tho') ORDER BY 1, 2`;
    expect(expected.map((r) => `${r.task_id}/${r.unit_code}`)).toEqual(['fees/an-giang', 'steering/an-giang', 'steering/can-tho']);

    const [digest] = await system.deps.sql<{ details: { overdue: { link: string; unitName: string }[]; dueThisWeek: unknown[] } }[]>`
      SELECT details FROM notifications WHERE recipient_person = 'leader-south' AND kind = 'digest'`;
    const listed = digest!.details.overdue.map((i) => i.link.replace('http://dondoc.test/web/assignments/', '')).sort();
    expect(listed).toEqual(expected.map((r) => `${r.task_id}/${r.unit_code}`));

    const email = await eventually(
      () => {
        const found = mail.messages.filter((m) => m.envelopeTo.includes('south@chinhphu.vn'));
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      30_000,
      200,
    );
    expect(email.subject).toBe('[dondoc] Daily digest for 25/11/2026');
    expect(email.text).toContain('Overdue (3)');
    expect(email.text).toContain('203/TB-VPCP');
    expect(email.text).toContain('Steering Committee (930 days late)');
    expect(email.text).toContain('Fee resolution (908 days late)');
    expect(email.text).not.toContain('Hanoi');
    expect(email.text).not.toContain('Later task');

    const inbox = await system.api('/v1/me/notifications', { token: tokens['leader-south'] });
    expect(inbox.body.items.filter((n: { kind: string }) => n.kind === 'digest')).toHaveLength(1);
    expect(mail.messages.some((m) => m.envelopeTo.includes('quiet@chinhphu.vn'))).toBe(false);
    expect(mail.messages.some((m) => m.envelopeTo.includes('north@chinhphu.vn'))).toBe(false);
  });

  it('writes each digest once however often the day runs', async () => {
    expect(await runDigests(WEDNESDAY, 'wednesday-again')).toMatchObject({ sent: 0 });
    const [row] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM notifications WHERE kind = 'digest'`;
    expect(row!.n).toBe(1);
  });

  it('sends weekly readers theirs on the first working day of the week, in their language', async () => {
    const result = await runDigests(MONDAY, 'monday');
    expect(result.leaders).toBe(3);
    const north = await eventually(
      () => {
        const found = mail.messages.filter((m) => m.envelopeTo.includes('north@chinhphu.vn'));
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      30_000,
      200,
    );
    expect(north.subject).toBe('[dondoc] Tổng hợp tuần 23/11/2026');
    expect(north.text).toContain('Nhiệm vụ quá hạn (1)');
  });

  it('sends nothing on a day off', async () => {
    expect(await runDigests(NATIONAL_DAY, 'national-day')).toEqual({ day: '2026-09-02', sent: 0, leaders: 0 });
  });
});
