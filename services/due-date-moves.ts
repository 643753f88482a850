/**
 * A sub-assignment follows its parent's due date: after an extension of the parent, its open children move by as
 * many days (or to a date), never past the parent's, in a cascade workflow (workflows/cascade.ts).
 */
import { daysBetween, toVnDate, type IsoDate } from '../domain/dates';
import { cascadeWorkflowId } from '../workflows/contract';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { forbidden, invalidFields } from './errors';
import { actorOf, findLevelRow, startCascade } from './level-rows';

export interface MoveResult {
  moved: { unitCode: string; from: IsoDate; to: IsoDate }[];
  unchanged: string[];
}

/**
 * After the parent's due date moved, moves its open children by the same number of days (or to `dueOn`), never
 * past the parent's own due date. Each move is an extension request and its approval, keyed by the parent's date,
 * sent by a cascade workflow (one per parent due date) whose outcome this waits for.
 */
export async function moveChildren(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  input: { dueOn?: IsoDate | undefined },
): Promise<MoveResult> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  if (!(
    principal.role === 'admin' ||
    principal.role === 'coordinator' ||
    principal.role === 'leader' ||
    principal.unitCode === parent.unit_code
  )) {
    throw forbidden(`only ${parent.unit_code}'s people, a leader or a coordinator may move its sub-assignments`);
  }
  if (input.dueOn && input.dueOn > parent.due_on) {
    throw invalidFields([{ field: 'dueOn', reason: `must be no later than the assignment's own due date ${parent.due_on}` }]);
  }
  const started = toVnDate(parent.created_at);
  if (input.dueOn && input.dueOn < started) {
    throw invalidFields([{ field: 'dueOn', reason: `must not be before the assignment's start ${started}` }]);
  }
  const last = parent.due_date_changes[parent.due_date_changes.length - 1];
  const handle = await startCascade(deps, cascadeWorkflowId('move', parent.workflow_id, parent.due_on), {
    kind: 'move',
    parentWorkflowId: parent.workflow_id,
    parentUnit: parent.unit_code,
    parentDueOn: parent.due_on,
    dueOn: input.dueOn ?? null,
    shiftDays: last ? daysBetween(last.from, last.to) : 0,
    actor: actorOf(principal),
  });
  const result = await handle.result();
  return {
    moved: result.done.map((s) => ({ unitCode: s.unitCode, from: s.from, to: s.to })).sort((a, b) => a.unitCode.localeCompare(b.unitCode)),
    unchanged: result.unchanged,
  };
}
