/** The baseline's one activity: insert a row into bench_marks (recorded_at = clock_timestamp() at insert). */
import type { Sql } from '../db/sql';

export function createBenchActivities(sql: Sql) {
  return {
    async mark(id: string, scheduledAt: number | null): Promise<void> {
      await sql`INSERT INTO bench_marks (id, scheduled_at) VALUES (${id}, ${scheduledAt === null ? null : new Date(scheduledAt)})
                ON CONFLICT (id) DO NOTHING`;
    },
  };
}
