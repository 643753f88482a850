/**
 * Assignments at levels below the Government Office, as recordEvent writes them: who hears a sub-assignment's
 * (or a co-operating assignment's) escalations and reports, and how a sub-assignment follows its parent when
 * the parent moves to another unit (a reassignment or a reorganisation). Both run inside the event's transaction.
 */
import type { Notice } from '../domain/notices';
import type { AssignmentState } from '../domain/assignment-state';
import { TERMINAL_STATUSES } from '../domain/status';
import { enqueueDeliveries, type EnqueueOptions } from './outbox';
import type { SqlOrTx } from './sql';

interface LevelledEvent {
  workflowId: string;
  at?: number;
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
export async function followParent(tx: SqlOrTx, event: LevelledEvent, enqueue: EnqueueOptions = {}): Promise<void> {
  const { state } = event;
  await tellHolderWhenAllDone(tx, event, enqueue);
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

const DONE = ['completed_on_time', 'completed_late'];
/** The holder's notice has no event of its own: it sits before the parent's first event (seq 1), once per assignment. */
const ALL_DONE_SEQ = 0;

/**
 * When a sub-assignment closes and every counted sibling (not cancelled nor reassigned) is done, the open parent's
 * holder unit's officers are told, once (keyed by the parent's workflow id). Siblings closing at the same moment take
 * turns on the parent's lock, so the last of them sees the others' commits.
 */
export async function tellHolderWhenAllDone(tx: SqlOrTx, event: LevelledEvent, enqueue: EnqueueOptions = {}): Promise<void> {
  if (!TERMINAL_STATUSES.has(event.state.status)) return;
  const [row] = await tx<{ parent_workflow_id: string | null }[]>`
    SELECT parent_workflow_id FROM assignments WHERE workflow_id = ${event.workflowId}`;
  const parentId = row?.parent_workflow_id;
  if (!parentId) return;
  await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`levels/${parentId}`}, 0))`;
  const [counts] = await tx<{ done: number; total: number }[]>`
    SELECT count(*) FILTER (WHERE status = ANY(${DONE}))::int AS done, count(*)::int AS total
    FROM assignments WHERE parent_workflow_id = ${parentId} AND status NOT IN ('cancelled', 'reassigned')`;
  if (!counts || counts.total === 0 || counts.done < counts.total) return;
  const [parent] = await tx<{ unit_code: string; due_on: string }[]>`
    SELECT unit_code, due_on::text FROM assignments WHERE workflow_id = ${parentId} AND status <> ALL(${[...TERMINAL_STATUSES]})`;
  if (!parent) return;
  const [written] = await tx<{ id: string }[]>`
    INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at, due_on, details)
    VALUES (${parentId}, ${ALL_DONE_SEQ}, ${parent.unit_code}, 'unit_officer', 'sub_assignments_done',
            ${`Các đơn vị trực thuộc đã hoàn thành ${counts.done}/${counts.total}`},
            ${`Tất cả ${counts.total} đơn vị được ${parent.unit_code} giao tiếp đã hoàn thành; đề nghị báo cáo kết quả.`},
            ${new Date(event.at ?? Date.now())}, ${parent.due_on}, ${tx.json({ done: counts.done, total: counts.total, lastChild: event.workflowId })})
    ON CONFLICT (workflow_id, seq, recipient_unit, recipient_role) DO NOTHING
    RETURNING id::text`;
  // Kept to quiet hours like the assignment's own notices.
  if (written) await enqueueDeliveries(tx, [written.id], enqueue);
}
