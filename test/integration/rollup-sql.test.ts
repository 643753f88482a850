/**
 * The dashboard's roll-up is computed in SQL for scale (services/dashboard.ts); the pure roll-up
 * (domain/progress.ts) is the rule. Over the same assignments, in scope for several principals, both must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units';
import { rollUp, type ProgressFact } from '../../domain/progress';
import { STATUSES, type Status } from '../../domain/status';
import type { Principal } from '../../services/access';
import { taskSummaries } from '../../services/dashboard';
import type { AppDeps } from '../../services/deps';
import { createUnitDirectory } from '../../services/unit-directory';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let deps: AppDeps;
const units = createUnitDirectory(UNITS);
const facts: ProgressFact[] = [];

/** A small deterministic generator, so a failure is reproducible. */
function* sequence(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    yield x;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  deps = { sql: db.sql, units } as unknown as AppDeps;
  await db.sql`INSERT INTO directives (id, number, issuer, issued_on, title, created_by) VALUES ('d-roll', '1/TB', 'VPCP', '2024-05-06', 'Roll-up', 'test')`;
  const candidates = units.all().filter((u) => u.kind === 'province' || u.kind === 'ministry');
  const random = sequence(42);
  for (const taskId of ['t-roll-1', 't-roll-2']) {
    await db.sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, created_by) VALUES (${taskId}, 'd-roll', ${taskId}, '2024-06-30', '{}', 'test')`;
    for (const unit of candidates) {
      const status = STATUSES[random.next().value % STATUSES.length] as Status;
      await db.sql`
        INSERT INTO assignments (workflow_id, task_id, directive_id, unit_code, original_unit, status, due_on, original_due_on)
        VALUES (${`assignment/${taskId}/${unit.code}`}, ${taskId}, 'd-roll', ${unit.code}, ${unit.code}, ${status}, '2024-06-30', '2024-06-30')`;
      facts.push({
        taskId,
        unitCode: unit.code,
        unitName: unit.nameEn,
        unitKind: unit.kind,
        originalUnit: unit.code,
        status,
        dueOn: '2024-06-30',
        originalDueOn: '2024-06-30',
        completion: null,
        lastProgressAt: null,
      });
    }
  }
});

afterAll(async () => {
  await db?.drop();
});

const principals: Principal[] = [
  { id: 'admin', tokenId: null, role: 'admin', unitCode: null, scope: 'all' },
  { id: 'officer', tokenId: 't', role: 'unit', unitCode: 'an-giang', scope: [] },
  { id: 'leader', tokenId: 't', role: 'leader', unitCode: null, scope: ['an-giang', 'can-tho', 'ha-noi', 'bo-cong-an'] },
];

describe('the SQL roll-up agrees with the domain rule', () => {
  it.each(principals)('for $role', async (p) => {
    const summaries = await taskSummaries(deps, p, ['d-roll']);
    expect(summaries.map((s) => s.taskId).sort()).toEqual(['t-roll-1', 't-roll-2']);
    for (const s of summaries) {
      const visible = facts.filter(
        (f) =>
          f.taskId === s.taskId && (p.scope === 'all' || (p.role === 'unit' ? f.unitCode === p.unitCode : p.scope.includes(f.unitCode))),
      );
      const rule = rollUp(visible, Date.parse('2024-07-01T00:00:00Z'));
      expect({
        total: s.total,
        completed: s.completed,
        completedOnTime: s.completedOnTime,
        completedLate: s.completedLate,
        awaitingConfirmation: s.awaitingConfirmation,
        notDue: s.notDue,
        overdue: s.overdue,
        cancelled: s.cancelled,
        byGroup: s.byGroup,
      }).toEqual({
        total: rule.total,
        completed: rule.completed,
        completedOnTime: rule.completedOnTime,
        completedLate: rule.completedLate,
        awaitingConfirmation: rule.awaitingConfirmation,
        notDue: rule.notDue,
        overdue: rule.overdue,
        cancelled: rule.cancelled,
        byGroup: rule.byGroup,
      });
    }
    // The generator gave every principal something to count.
    expect(summaries.reduce((n, s) => n + s.total + s.cancelled, 0)).toBeGreaterThan(0);
  });
});
