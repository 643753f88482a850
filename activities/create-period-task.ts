/**
 * Creates one period of a recurring task: a task of its own (id `<template>--<period key>`) with one
 * assignment per unit, then its fan-out. Keyed by the period, so a schedule that fires twice, a catch-up or a
 * backfill creates each period once.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { mergeCalendarYears } from '../domain/calendar';
import type { EscalationPolicy } from '../domain/policy';
import { periodDueOn, periodDueRule, periodOf, type Frequency } from '../domain/periods';
import { loadCalendarYears } from '../db/calendars';
import { jsonb, type Sql } from '../db/sql';
import { assignmentWorkflowId, fanoutWorkflowId, taskQueuesOf, type FanoutInput, type FanoutWorkflow } from '../workflows/contract';

export function createCreatePeriodTask(sql: Sql, client: Client, taskQueue: string, coordinatorUnit: string) {
  return async function createPeriodTask(input: {
    taskId: string;
    scheduledAt: number;
  }): Promise<{ periodTaskId: string; created: boolean }> {
    const [template] = await sql<
      {
        directive_id: string;
        title: string;
        description: string;
        recurring: Frequency;
        policy: EscalationPolicy;
        recurrence_units: string[];
        recurrence_due_day: number | null;
        confirmation_required: boolean;
        urgency: string;
      }[]
    >`
      SELECT t.directive_id, t.title, t.description, t.recurring, t.policy, t.recurrence_units, t.recurrence_due_day, d.confirmation_required,
             t.urgency
      FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = ${input.taskId}`;
    if (!template) throw new Error(`recurring task ${input.taskId} not found`);
    const period = periodOf(template.recurring, input.scheduledAt);
    const calendar = mergeCalendarYears(await loadCalendarYears(sql));
    const dueOn = periodDueOn(period, calendar, template.recurrence_due_day);
    const periodTaskId = `${input.taskId}--${period.key}`;
    const units = template.recurrence_units;
    const created = await sql.begin(async (tx) => {
      const inserted = await tx`
        INSERT INTO tasks (id, directive_id, title, description, due_on, deadline_rule, policy, assignment_count, created_by, recurrence_of, period_key,
                           urgency)
        VALUES (${periodTaskId}, ${template.directive_id}, ${`${template.title} — ${period.label}`}, ${template.description}, ${dueOn},
                ${periodDueRule(template.recurring, template.recurrence_due_day)}, ${jsonb(tx, template.policy)}, ${units.length},
                'schedule', ${input.taskId}, ${period.key}, ${template.urgency})
        ON CONFLICT DO NOTHING RETURNING id`;
      if (!inserted.length) return false;
      const rows = units.map((unitCode) => ({
        workflow_id: assignmentWorkflowId(periodTaskId, unitCode),
        task_id: periodTaskId,
        directive_id: template.directive_id,
        unit_code: unitCode,
        original_unit: unitCode,
        status: 'not_due',
        due_on: dueOn,
        original_due_on: dueOn,
      }));
      if (rows.length) await tx`INSERT INTO assignments ${tx(rows)} ON CONFLICT DO NOTHING`;
      return true;
    });
    const fanout: FanoutInput = {
      taskId: periodTaskId,
      directiveId: template.directive_id,
      unitCodes: units,
      dueOn,
      dueAt: null,
      policy: template.policy,
      calendar,
      coordinatorUnit,
      confirmationRequired: template.confirmation_required,
    };
    try {
      await client.workflow.start<FanoutWorkflow>('fanoutWorkflow', {
        taskQueue: taskQueuesOf(taskQueue).fanout,
        workflowId: fanoutWorkflowId(periodTaskId),
        args: [fanout],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await sql`UPDATE tasks SET fanout_started_at = coalesce(fanout_started_at, now()) WHERE id = ${periodTaskId}`;
    return { periodTaskId, created };
  };
}
