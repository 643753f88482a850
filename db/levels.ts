/**
 * Assignments at levels below the Government Office, as recordEvent writes them: who hears a sub-assignment's
 * (or a co-operating assignment's) escalations and reports, and how a sub-assignment follows its parent when
 * the parent moves to another unit (a reassignment or a reorganisation). Both run inside the event's transaction.
 */
import type { Notice } from '../domain/notices';
import type { AssignmentState } from '../domain/assignment-state';
import type { SqlOrTx } from './sql';

interface LevelledEvent {
  workflowId: string;
  kind: string;
  data: Record<string, unknown>;
  state: AssignmentState;
  notices: Notice[];
}

/**
 * An assignment that answers to a unit (its parent's holder, or the task's lead unit) sends what would go to the
 * Government Office's coordinators to that unit's officers and head instead; a sub-assignment's supervising-leader
 * rung goes to the leaders whose scope holds that unit. Other assignments' notices are unchanged.
 */
export async function noticesForLevels(tx: SqlOrTx, event: LevelledEvent): Promise<Notice[]> {
  if (!event.notices.some((n) => n.recipientRole === 'coordinator' || n.recipientRole === 'supervising_leader')) return event.notices;
  const [row] = await tx<{ answers_to: string | null; parent_workflow_id: string | null }[]>`
    SELECT answers_to, parent_workflow_id FROM assignments WHERE workflow_id = ${event.workflowId}`;
  const answersTo = row?.answers_to;
  if (!answersTo) return event.notices;
  const rewritten = event.notices.flatMap((n): Notice[] => {
    if (n.recipientRole === 'coordinator') {
      return [
        { ...n, recipientUnit: answersTo, recipientRole: 'unit_officer' },
        { ...n, recipientUnit: answersTo, recipientRole: 'unit_head' },
      ];
    }
    if (n.recipientRole === 'supervising_leader' && row.parent_workflow_id) return [{ ...n, recipientUnit: answersTo }];
    return [n];
  });
  const seen = new Set<string>();
  return rewritten.filter((n) => {
    const key = `${n.recipientUnit}/${n.recipientRole}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Keeps the levels right when an assignment moves: the moved one's children (and co-operating assignments that
 * answered to it) now answer to the successor, the units above the whole subtree name the successor's unit, and a
 * successor takes over its predecessor's place in the tree. Keyed updates: running them again changes nothing.
 */
export async function followParent(tx: SqlOrTx, event: LevelledEvent): Promise<void> {
  const { state } = event;
  if (event.kind === 'reassigned' && state.reassignedTo) {
    const successor = typeof event.data.successorWorkflowId === 'string' ? event.data.successorWorkflowId : null;
    const [from, to] = [state.unitCode, state.reassignedTo.unitCode];
    await tx`
      UPDATE assignments SET
        parent_workflow_id = CASE WHEN parent_workflow_id = ${event.workflowId} AND ${successor}::text IS NOT NULL
                                  THEN ${successor} ELSE parent_workflow_id END,
        answers_to = CASE WHEN answers_to = ${from} THEN ${to} ELSE answers_to END,
        ancestor_units = array_replace(ancestor_units, ${from}, ${to})
      WHERE task_id = ${state.taskId} AND workflow_id <> ${event.workflowId}
        AND (parent_workflow_id = ${event.workflowId} OR ${from} = ANY (ancestor_units))`;
  }
  if (event.kind === 'assigned' && state.predecessorWorkflowId) {
    await tx`
      UPDATE assignments a SET parent_workflow_id = p.parent_workflow_id, answers_to = p.answers_to,
        ancestor_units = p.ancestor_units, role = p.role, note = p.note
      FROM assignments p
      WHERE p.workflow_id = ${state.predecessorWorkflowId} AND a.workflow_id = ${event.workflowId}
        AND p.answers_to IS NOT NULL AND a.answers_to IS NULL`;
  }
}
