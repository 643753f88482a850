/**
 * A demo directive, clearly named as one, whose tasks fall due from a minute to days after it is seeded, so a
 * fresh `npm start` shows the lifecycle at work while the newcomer watches: a reminder within a minute, an
 * overdue unit, then escalations up the ladder (unit head, supervising leader, Government Office) within five
 * minutes, all in the mail catcher and the timeline. The quick tasks run on second-scale policies marked
 * `demo`, which the system itself may seed whatever the deployment's floor. A start on data whose last demo round
 * is over adds a fresh round (`SEED_DEMO=false` skips the demo).
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

/** A round's quick part (reminder, overdue, the ladder) is over this long after it was seeded. */
const ROUND_SHOWN_MS = 10 * MINUTE;

/** Round 1 is directive `demo` with the task ids above; a later round n is `demo-n` with `-n` on each task id. */
export const demoDirectiveId = (round: number) => (round === 1 ? DEMO_DIRECTIVE_ID : `${DEMO_DIRECTIVE_ID}-${round}`);
export const demoTaskId = (id: string, round: number) => (round === 1 ? id : `${id}-${round}`);

/** The latest round seeded so far (0 for none), and when it was seeded. */
async function latestRound(deps: AppDeps): Promise<{ round: number; seededAt: number | null }> {
  const rows = await deps.sql<{ id: string; created_at: Date }[]>`
    SELECT id, created_at FROM directives WHERE created_by = 'seed' AND (id = ${DEMO_DIRECTIVE_ID} OR id ~ '^demo-[0-9]+$')`;
  const rounds = rows.map((r) => ({
    round: r.id === DEMO_DIRECTIVE_ID ? 1 : Number(r.id.slice(DEMO_DIRECTIVE_ID.length + 1)),
    at: r.created_at,
  }));
  const latest = rounds.sort((a, b) => b.round - a.round)[0];
  return latest ? { round: latest.round, seededAt: latest.at.getTime() } : { round: 0, seededAt: null };
}

/**
 * Seeds a round of the demo directive with its tasks due relative to `now`. A start soon after the last round keeps
 * it; once its quick part is over (a restart of an existing `.data/`, the next day), a fresh round is added so
 * the newcomer sees reminders and escalations again; the old rounds stay as history. Returns whether it seeded.
 */
export async function loadDemoSeed(deps: AppDeps, now = Date.now()): Promise<boolean> {
  const { sql } = deps;
  await loadSeedPeople(sql);
  const latest = await latestRound(deps);
  const [count] = await sql<{ existing: number }[]>`
    SELECT count(*)::int AS existing FROM tasks WHERE directive_id = ${demoDirectiveId(Math.max(latest.round, 1))}`;
  // A start that died mid-way completes its round; a round still being shown is kept.
  const complete = latest.round > 0 && count!.existing === DEMO_TASKS.length;
  if (complete && now - latest.seededAt! < ROUND_SHOWN_MS) return false;
  const round = complete ? latest.round + 1 : Math.max(latest.round, 1);
  const directiveId = demoDirectiveId(round);
  await sql`
    INSERT INTO directives (id, number, kind, issuer, issued_on, title, title_en, summary, summary_en, created_by, created_at)
    VALUES (${directiveId}, ${round === 1 ? 'DEMO/TB-VPCP' : `DEMO-${round}/TB-VPCP`}, 'TB', 'Văn phòng Chính phủ (trình diễn)',
            ${toVnDate(new Date(now))}, '[Trình diễn] Thông báo kết luận minh họa', '[Demo] Illustrative conclusion notice',
            'Dữ liệu trình diễn, không phải văn bản thật: các nhiệm vụ đến hạn trong vài phút đến vài ngày.',
            'Demo data, not a real document: its tasks fall due over the next minutes to days.', 'seed', ${new Date(now)})
    ON CONFLICT (id) DO NOTHING`;
  // The system seeds its own demo: second-scale policies marked `demo` pass whatever the deployment's floor.
  const demoDeps: AppDeps = { ...deps, policyFloor: { minIntervalMs: 0, demoPoliciesAllowed: true } };
  for (const t of DEMO_TASKS) {
    const taskId = demoTaskId(t.id, round);
    const [exists] = await sql`SELECT 1 FROM tasks WHERE id = ${taskId}`;
    if (exists) continue;
    await createTask(
      demoDeps,
      directiveId,
      {
        id: taskId,
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
  deps.logger.info(
    { directive: directiveId, round, tasks: DEMO_TASKS.length },
    'demo directive seeded: first escalation in about a minute',
  );
  return true;
}
