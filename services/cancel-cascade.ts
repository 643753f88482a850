/**
 * The cancel hook: a cancelled assignment takes what answers to it along, in a cascade workflow (workflows/cascade.ts).
 */
import { cascadeWorkflowId } from '../workflows/contract';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { actorOf, startCascade } from './level-rows';

/**
 * After a cancel: every open assignment below the cancelled one (and, for a task's lead, the co-operating
 * contributions answering to it) is cancelled in a workflow, one per cancelled assignment (its id derived from
 * that one's), so the request returns at once and a crash part-way resumes.
 */
export async function cascadeCancel(
  deps: AppDeps,
  principal: Principal,
  workflowId: string,
  messageId: string,
  input: unknown,
): Promise<void> {
  // Sub-assignments follow their parent; a lead's co-operating contributions end with it.
  const [below] = await deps.sql`
    SELECT 1 FROM assignments WHERE parent_workflow_id = ${workflowId}
    UNION ALL
    SELECT 1 FROM assignments a JOIN assignments lead ON lead.workflow_id = ${workflowId}
    WHERE a.task_id = lead.task_id AND a.role = 'cooperating' AND a.answers_to = lead.unit_code
      AND a.parent_workflow_id IS NULL AND lead.role = 'lead' AND lead.parent_workflow_id IS NULL
    LIMIT 1`;
  if (!below) return;
  await startCascade(deps, cascadeWorkflowId('cancel', workflowId), {
    kind: 'cancel',
    parentWorkflowId: workflowId,
    messageId,
    actor: actorOf(principal),
    reason: (input as { reason?: string }).reason ?? '',
  });
}
