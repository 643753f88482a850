/**
 * The I/O of a sub-assignment following its parent (workflows/cascade.ts): which children a cancel or a due-date
 * move reaches (a lead's cancel also ends the co-operating contributions answering to it), and sending each its update with a message id derived from the parent's, so a retried page
 * changes no child twice. A child that closed meanwhile, or refuses by its own rules, keeps its state.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Sql } from '../db/sql';
import { endedWithLeadReason } from '../domain/cooperation';
import { addDays } from '../domain/dates';
import { TERMINAL_STATUSES, type Status } from '../domain/status';
import {
  cancelUpdate,
  decideExtensionUpdate,
  requestExtensionUpdate,
  type CascadeInput,
  type CascadeResult,
  type CascadeStep,
} from '../workflows/contract';
import { sendPage } from './page-of-messages';

/**
 * Children changed at once within a page. One at a time, a cancel over 400 sub-assignments outlasted the fault
 * test's three minutes on a loaded two-core CI machine; 16 at once, a worker cancelled 363 of them in 13 seconds.
 */
const CASCADE_CONCURRENCY = 16;

interface ChildRow {
  workflow_id: string;
  unit_code: string;
  due_on: string;
  status: Status;
}

export function createCascadeActivities(sql: Sql, client: Client) {
  async function planCascade(input: CascadeInput): Promise<{ steps: CascadeStep[]; unchanged: string[] }> {
    if (input.kind === 'cancel') {
      // Below the cancelled assignment: its sub-assignments and, for a task's lead, the co-operating contributions
      // that answer to it (they end with it), with everything passed on below those.
      const below = await sql<(ChildRow & { contribution_to: string | null })[]>`
        WITH RECURSIVE contributions AS (
          SELECT a.workflow_id, lead.unit_code AS lead_unit FROM assignments a
          JOIN assignments lead ON lead.workflow_id = ${input.parentWorkflowId}
          WHERE a.task_id = lead.task_id AND a.role = 'cooperating' AND a.answers_to = lead.unit_code
            AND a.parent_workflow_id IS NULL AND lead.role = 'lead' AND lead.parent_workflow_id IS NULL
        ), below(workflow_id) AS (
          SELECT workflow_id FROM assignments WHERE parent_workflow_id = ${input.parentWorkflowId}
          UNION SELECT workflow_id FROM contributions
          UNION SELECT a.workflow_id FROM assignments a JOIN below b ON a.parent_workflow_id = b.workflow_id
        )
        SELECT a.workflow_id, a.unit_code, a.due_on::text, a.status, c.lead_unit AS contribution_to
        FROM assignments a JOIN below b USING (workflow_id) LEFT JOIN contributions c USING (workflow_id)
        WHERE a.status <> ALL(${[...TERMINAL_STATUSES]}) ORDER BY a.workflow_id`;
      return {
        steps: below.map((c) => ({
          workflowId: c.workflow_id,
          unitCode: c.unit_code,
          from: c.due_on,
          to: c.due_on,
          ...(c.contribution_to ? { contributionTo: c.contribution_to } : {}),
        })),
        unchanged: [],
      };
    }
    const children = await sql<ChildRow[]>`
      SELECT workflow_id, unit_code, due_on::text, status FROM assignments WHERE parent_workflow_id = ${input.parentWorkflowId}
      ORDER BY unit_code`;
    const plan = { steps: [] as CascadeStep[], unchanged: [] as string[] };
    for (const child of children) {
      const wanted = input.dueOn ?? addDays(child.due_on, input.shiftDays);
      const to = wanted > input.parentDueOn ? input.parentDueOn : wanted;
      if (TERMINAL_STATUSES.has(child.status) || to <= child.due_on) plan.unchanged.push(child.unit_code);
      else plan.steps.push({ workflowId: child.workflow_id, unitCode: child.unit_code, from: child.due_on, to });
    }
    return plan;
  }

  /** false when the child closed or refused (its own rules), so it is reported unchanged. */
  async function send(
    workflowId: string,
    update: { name: string },
    payload: { messageId: string } & Record<string, unknown>,
  ): Promise<boolean> {
    try {
      // By the update's name: the three updates sent here take different payloads, each built to its contract type.
      await client.workflow.getHandle(workflowId).executeUpdate(update.name, { args: [payload], updateId: payload.messageId });
      return true;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  async function applyStep(input: CascadeInput, step: CascadeStep): Promise<boolean> {
    if (input.kind === 'cancel') {
      return send(step.workflowId, cancelUpdate, {
        messageId: `${input.messageId}/cascade/${step.workflowId}`,
        actor: input.actor,
        reason: step.contributionTo
          ? endedWithLeadReason(step.contributionTo, input.reason)
          : `cancelled with its parent assignment${input.reason ? `: ${input.reason}` : ''}`,
      });
    }
    const key = `move/${input.parentWorkflowId}/${input.parentDueOn}/${step.workflowId}`;
    const reason = `the parent assignment (${input.parentUnit}) is now due ${input.parentDueOn}`;
    return (
      (await send(step.workflowId, requestExtensionUpdate, {
        messageId: `${key}/request`,
        actor: input.actor,
        newDueOn: step.to,
        reason,
      })) &&
      send(step.workflowId, decideExtensionUpdate, {
        messageId: `${key}/decide`,
        actor: input.actor,
        approve: true,
        decidedBy: input.actor.id,
        note: reason,
      })
    );
  }

  async function applyCascade({ input, steps }: { input: CascadeInput; steps: CascadeStep[] }): Promise<CascadeResult> {
    const done = await sendPage(client, steps, CASCADE_CONCURRENCY, (step) => applyStep(input, step));
    return {
      done: steps.filter((_, i) => done[i]),
      unchanged: steps.filter((_, i) => !done[i]).map((step) => step.unitCode),
    };
  }

  return { planCascade, applyCascade };
}
