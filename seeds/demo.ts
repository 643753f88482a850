/**
 * A demo directive, clearly named as one, whose tasks fall due from a minute to days after it is seeded, so a
 * fresh `npm start` shows the lifecycle at work while the newcomer watches: a reminder within a minute, an
 * overdue unit, then escalations up the ladder (unit head, supervising leader, Government Office) within five
 * minutes, all in the mail catcher and the timeline. The quick tasks run on second-scale policies marked
 * `demo`, which the system itself may seed whatever the deployment's floor. Seeded once: a directive that
 * exists is left alone (`SEED_DEMO=false` skips it).
 */
import { toVnDate } from '../domain/dates';
import type { EscalationPolicy } from '../domain/policy';
import type { AppDeps } from '../services/deps';
import { createTask } from '../services/tasks';
import { loadSeedPeople } from './people';

export const DEMO_DIRECTIVE_ID = 'demo';
/** The task whose escalations come first (about a minute after seeding). */
export const DEMO_ESCALATING_TASK_ID = 'demo-escalation';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** Overdue 40 s after seeding; the unit's head at +15 s, the leader at +45 s, the Government Office at +90 s. */
const QUICK_POLICY: EscalationPolicy = {
  reminders: [{ duration: 'PT20S' }],
  escalations: [
    { after: { duration: 'PT15S' }, rung: 'unit_head' },
    { after: { duration: 'PT45S' }, rung: 'supervising_leader' },
    { after: { duration: 'PT90S' }, rung: 'coordinator' },
  ],
  repeatTopRungEvery: null,
  timeOfDay: '08:00',
  demo: true,
};

/** Due four minutes after seeding: reminders at two minutes and one minute before, the head a minute after. */
const MINUTES_POLICY: EscalationPolicy = {
  reminders: [{ duration: 'PT2M' }, { duration: 'PT1M' }],
  escalations: [{ after: { duration: 'PT1M' }, rung: 'unit_head' }],
  repeatTopRungEvery: null,
  timeOfDay: '08:00',
  demo: true,
};

interface DemoTask {
  id: string;
  title: string;
  titleEn: string;
  dueInMs: number;
  units: string[];
  policy?: EscalationPolicy;
}

export const DEMO_TASKS: DemoTask[] = [
  {
    id: DEMO_ESCALATING_TASK_ID,
    title: '[Trình diễn] Báo cáo kết quả triển khai tài khoản định danh điện tử',
    titleEn: '[Demo] Report on the roll-out of electronic identification accounts',
    dueInMs: 40 * SECOND,
    units: ['an-giang', 'bo-ca', 'ha-noi'],
    policy: QUICK_POLICY,
  },
  {
    id: 'demo-minutes',
    title: '[Trình diễn] Rà soát, cắt giảm thủ tục hành chính nội bộ',
    titleEn: '[Demo] Review and cut internal administrative procedures',
    dueInMs: 4 * MINUTE,
    units: ['an-giang', 'bo-ca'],
    policy: MINUTES_POLICY,
  },
  {
    id: 'demo-tomorrow',
    title: '[Trình diễn] Cập nhật dữ liệu dân cư lên Cổng dịch vụ công quốc gia',
    titleEn: '[Demo] Update population data on the National Public Service Portal',
    dueInMs: DAY,
    units: ['an-giang', 'ha-noi'],
  },
  {
    id: 'demo-next-week',
    title: '[Trình diễn] Xây dựng kế hoạch chuyển đổi số năm tới',
    titleEn: "[Demo] Draw up next year's digital transformation plan",
    dueInMs: 5 * DAY,
    units: ['an-giang', 'bo-ca', 'ha-noi'],
  },
];

/** Seeds the demo directive with its tasks due relative to `now`; returns false when it was seeded before. */
export async function loadDemoSeed(deps: AppDeps, now = Date.now()): Promise<boolean> {
  const { sql } = deps;
  await loadSeedPeople(sql);
  const inserted = await sql`
    INSERT INTO directives (id, number, kind, issuer, issued_on, title, summary, created_by)
    VALUES (${DEMO_DIRECTIVE_ID}, 'DEMO/TB-VPCP', 'TB', 'Văn phòng Chính phủ (trình diễn)', ${toVnDate(new Date(now))},
            '[Trình diễn] Thông báo kết luận minh họa / [Demo] Illustrative conclusion notice',
            ${'Dữ liệu trình diễn, không phải văn bản thật: các nhiệm vụ đến hạn trong vài phút đến vài ngày. / Demo data, not a real document.'},
            'seed')
    ON CONFLICT (id) DO NOTHING RETURNING id`;
  // Seeded before: keep it (its times have passed, its history stays); a start that died mid-way completes it.
  const [count] = await sql<{ existing: number }[]>`SELECT count(*)::int AS existing FROM tasks WHERE directive_id = ${DEMO_DIRECTIVE_ID}`;
  if (inserted.length === 0 && count!.existing === DEMO_TASKS.length) return false;
  // The system seeds its own demo: second-scale policies marked `demo` pass whatever the deployment's floor.
  const demoDeps: AppDeps = { ...deps, policyFloor: { minIntervalMs: 0, demoPoliciesAllowed: true } };
  for (const t of DEMO_TASKS) {
    const [exists] = await sql`SELECT 1 FROM tasks WHERE id = ${t.id}`;
    if (exists) continue;
    await createTask(
      demoDeps,
      DEMO_DIRECTIVE_ID,
      {
        id: t.id,
        title: t.title,
        titleEn: t.titleEn,
        description: t.titleEn,
        dueAt: new Date(now + t.dueInMs).toISOString(),
        assignees: { units: t.units, groups: [] },
        leadUnits: [],
        coordinatingUnits: [],
        key: t.id === DEMO_ESCALATING_TASK_ID,
        ...(t.policy ? { policy: t.policy } : {}),
      },
      'seed',
    );
  }
  deps.logger.info({ directive: DEMO_DIRECTIVE_ID, tasks: DEMO_TASKS.length }, 'demo directive seeded: first escalation in about a minute');
  return true;
}
