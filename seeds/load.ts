/**
 * Loads the seed directives through the same service the API uses, so seeded tasks become real assignment
 * workflows. Idempotent: directives and tasks that exist are left alone; reported completions are sent
 * with fixed message ids, and only to assignments still open.
 */
import type { AppDeps } from '../services/deps';
import { splitTitle } from '../services/directives';
import { createTask } from '../services/tasks';
import { TERMINAL_STATUSES, type Status } from '../domain/status';
import { assignmentWorkflowId, completeUpdate } from '../workflows/contract';
import { SEED_DIRECTIVES, type SeedDirective, type SeedTask } from './directives';
import { loadSeedPeople } from './people';
import { loadSeedTargets } from './targets';

const SEED_ACTOR = { kind: 'system' as const, id: 'seed' };

export async function loadSeeds(deps: AppDeps, directives: SeedDirective[] = SEED_DIRECTIVES): Promise<void> {
  const { sql } = deps;
  // People first: the seeded assignments' "assigned" notices then reach them by mail.
  await loadSeedPeople(sql);
  for (const d of directives) {
    const titles = splitTitle(d.title, undefined);
    await sql`
      INSERT INTO directives (id, number, kind, issuer, issued_on, title, title_en, url, summary, created_by)
      VALUES (${d.id}, ${d.number}, ${d.kind}, ${d.issuer}, ${d.issuedOn}, ${titles.title}, ${titles.titleEn ?? null}, ${d.url ?? null}, ${d.summary}, 'seed')
      ON CONFLICT DO NOTHING`;
    for (const t of d.tasks) {
      const [exists] = await sql`SELECT 1 FROM tasks WHERE id = ${t.id}`;
      if (!exists) {
        await createTask(
          deps,
          d.id,
          {
            id: t.id,
            title: t.title,
            titleEn: t.titleEn,
            description: t.description,
            dueOn: t.dueOn,
            deadlineText: t.deadlineText,
            assignees: { units: t.assignees.units ?? [], groups: t.assignees.groups ?? [] },
            leadUnits: t.leadUnits ?? [],
            coordinatingUnits: t.coordinatingUnits ?? [],
            key: t.key ?? false,
          },
          'seed',
          { unitsValidOn: d.issuedOn },
        );
      }
      if (t.reported) await reportCompletions(deps, t);
    }
  }
  await loadSeedTargets(sql);
  deps.logger.info({ directives: directives.length }, 'seed directives loaded');
}

async function reportCompletions(deps: AppDeps, task: SeedTask): Promise<void> {
  const reported = task.reported!;
  const queue = [...reported.units];
  const worker = async () => {
    for (let unitCode = queue.shift(); unitCode; unitCode = queue.shift()) {
      const workflowId = assignmentWorkflowId(task.id, unitCode);
      const row = await waitForStart(deps, workflowId);
      if (!row || TERMINAL_STATUSES.has(row.status)) continue;
      await deps.temporal.workflow.getHandle(workflowId).executeUpdate(completeUpdate, {
        args: [{ messageId: `seed/${workflowId}`, actor: SEED_ACTOR, note: reported.note, documentDate: reported.on }],
        updateId: `seed/${workflowId}`,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The fan-out starts workflows in the background; wait for this one's first event. */
async function waitForStart(deps: AppDeps, workflowId: string, timeoutMs = 60_000): Promise<{ status: Status } | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await deps.sql<
      { status: Status; version: number }[]
    >`SELECT status, version FROM assignments WHERE workflow_id = ${workflowId}`;
    if (!row || row.version > 0 || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 200));
  }
}
