import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import { STATUSES } from '../../domain/status';
import { UNIT_KINDS } from '../../domain/units';
import type { AppDeps } from '../../services/deps';
import { directiveProgress, taskProgress } from '../../services/progress';
import { errorResponses, principalOf, security } from './common';

const counts = z.object({ done: z.number().int(), total: z.number().int() });
const rollUpShape = {
  total: z.number().int(),
  completed: z.number().int(),
  completedOnTime: z.number().int(),
  completedLate: z.number().int(),
  awaitingConfirmation: z.number().int(),
  notDue: z.number().int(),
  overdue: z.number().int(),
  cancelled: z.number().int(),
  byGroup: z.object({
    localities: counts.openapi({ description: 'Provinces, communes, wards and special zones (địa phương)' }),
    ministries: counts.openapi({ description: 'Ministries, ministry-level and government agencies (bộ, cơ quan)' }),
    others: counts.optional().openapi({ description: 'Departments, divisions and other units, when any is counted' }),
  }),
  onTimeAgainstOriginal: z.number().int(),
  onTimeAgainstAdjusted: z.number().int(),
  updateRate: z.object({ open: z.number().int(), updated: z.number().int(), periodDays: z.number().int() }),
  updateRateByUnit: z.array(z.object({ unitCode: z.string(), open: z.number().int(), updated: z.number().int() })),
  laggards: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      unitKind: z.string(),
      taskId: z.string(),
      status: z.string(),
      dueOn: z.string(),
      daysLate: z.number().int(),
    }),
  ),
  headline: z.string().openapi({ example: '62/63 localities and 22/28 ministries and agencies completed' }),
  headlineVi: z.string().openapi({ example: '62/63 địa phương và 22/28 bộ, cơ quan hoàn thành' }),
};
const taskShape = {
  taskId: z.string(),
  title: z.string(),
  titleEn: z.string().nullable().openapi({ description: 'The English title, when there is one' }),
  key: z.boolean(),
  dueOn: z.string().nullable(),
  ...rollUpShape,
};
const taskSummarySchema = z.object(taskShape).openapi('TaskRollUp');

const subtreeCounts = z.object({
  done: z.number().int(),
  total: z.number().int(),
  laggards: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      status: z.enum(STATUSES),
      dueOn: z.string(),
      daysLate: z.number().int(),
      depth: z.number().int(),
    }),
  ),
});
export const cooperatingStateSchema = z
  .object({
    unitCode: z.string(),
    unitName: z.string(),
    status: z.enum(STATUSES),
    dueOn: z.string(),
    answersTo: z.string().nullable().openapi({ description: 'The lead unit the contribution goes to' }),
  })
  .openapi('CooperatingState');
export const taskUnitRowSchema = z
  .object({
    unitCode: z.string(),
    unitName: z.string(),
    unitKind: z.enum(UNIT_KINDS),
    status: z.enum(STATUSES),
    dueOn: z.string(),
    subAssignments: z
      .object({ direct: subtreeCounts, subtree: subtreeCounts })
      .openapi({ description: "k-of-N of the unit's sub-assignments: its direct children and its whole subtree" }),
    cooperating: z.array(cooperatingStateSchema).openapi({ description: "The co-operating units' contributions to this (lead) unit" }),
  })
  .openapi('TaskUnitRow');
const taskProgressSchema = z
  .object({
    ...taskShape,
    units: z.array(taskUnitRowSchema).openapi({ description: 'One row per counted unit at the top of what the caller sees' }),
    cooperating: z.array(cooperatingStateSchema).openapi({ description: 'Contributions that answer to no unit listed in units' }),
  })
  .openapi('TaskProgress');
const directiveProgressSchema = z
  .object({
    directiveId: z.string(),
    number: z.string(),
    title: z.string(),
    titleEn: z.string().nullable(),
    ...rollUpShape,
    tasks: z.array(taskSummarySchema),
  })
  .openapi('DirectiveProgress');
const periodQuery = z.object({
  periodDays: z.coerce.number().int().min(1).max(366).default(30).openapi({ description: 'Reporting period of the update rate, in days.' }),
});

export function registerProgressRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/directives/{id}/progress',
      tags: ['progress'],
      summary: 'k-of-N roll-up of a directive and each of its tasks, naming the units not yet done',
      security,
      request: {
        params: z.object({
          id: z
            .string()
            .max(80)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        query: periodQuery.extend({
          key: z.enum(['true', 'false']).default('false').openapi({ description: 'Only key ("trọng tâm") tasks.' }),
        }),
      },
      responses: { 200: jsonContent(directiveProgressSchema, 'Progress'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await directiveProgress(deps, principalOf(c), c.req.valid('param').id, { keyOnly: q.key === 'true', periodDays: q.periodDays }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tasks/{taskId}/progress',
      tags: ['progress'],
      summary: 'k-of-N roll-up of one task, naming the units not yet done',
      security,
      request: {
        params: z.object({
          taskId: z
            .string()
            .max(80)
            .openapi({ param: { name: 'taskId', in: 'path' } }),
        }),
        query: periodQuery,
      },
      responses: { 200: jsonContent(taskProgressSchema, 'Progress'), ...errorResponses },
    }),
    async (c) => c.json(await taskProgress(deps, principalOf(c), c.req.valid('param').taskId, c.req.valid('query').periodDays), 200),
  );
}
