/**
 * The measurable targets the seed documents set, and the values they report: Decision 320/QD-BXD's 2024 targets
 * ("100% of tasks … monitored and updated online", "at least 60% of records processed online"; the article gives
 * no measured value), and the Project 06 review's "96/124 information systems meet the criteria" against all of
 * them, reported by the Ministry of Information and Communications, which ran the review. Idempotent.
 */
import { jsonb, type Sql } from '../db/sql';
import type { Target } from '../domain/targets';

interface SeedTarget {
  taskId: string;
  target: Target;
  values?: { unitCode: string; value: number; of?: number; measuredOn: string; source: string }[];
}

export const SEED_TARGETS: SeedTarget[] = [
  {
    taskId: 'qd320-task-monitoring',
    target: {
      value: 100,
      unit: 'percent',
      direction: 'at_least',
      description: 'Tasks of the Government, the Prime Minister and the Ministry monitored and updated online',
    },
  },
  {
    taskId: 'qd320-online-records',
    target: { value: 60, unit: 'percent', direction: 'at_least', description: 'Administrative records received and processed online' },
  },
  {
    taskId: 'cv452-security-review-report',
    target: {
      value: 1,
      unit: 'ratio',
      direction: 'at_least',
      description: 'Information systems serving Project 06 that meet the network-security criteria',
    },
    values: [
      {
        unitCode: 'bo-tttt',
        value: 96,
        of: 124,
        measuredOn: '2024-06-20',
        source: 'One-year review of Official Dispatch 452/TTg-KSTT (003_d00ca2590ccd4970.txt): 96/124 systems meet the criteria',
      },
    ],
  },
];

/** Sets the targets of the seeded tasks that exist (a partial seed skips the others) and records their values once. */
export async function loadSeedTargets(sql: Sql, targets: SeedTarget[] = SEED_TARGETS): Promise<void> {
  for (const t of targets) {
    const updated = await sql`UPDATE tasks SET target = ${jsonb(sql, t.target)} WHERE id = ${t.taskId} RETURNING id`;
    if (updated.length === 0) continue;
    for (const v of t.values ?? []) {
      await sql`
        INSERT INTO measurements (task_id, unit_code, value, of_total, measured_on, source, reported_by)
        SELECT ${t.taskId}, ${v.unitCode}, ${v.value}, ${v.of ?? null}, ${v.measuredOn}, ${v.source}, 'seed'
        WHERE NOT EXISTS (
          SELECT 1 FROM measurements WHERE task_id = ${t.taskId} AND unit_code = ${v.unitCode} AND measured_on = ${v.measuredOn} AND source = ${v.source})`;
    }
  }
}
