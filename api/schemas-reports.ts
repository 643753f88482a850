/** Request and response schemas of the execution reports, the ranking and measurable targets. */
import { z } from '@hono/zod-openapi';
import { EARLIEST_DATE, LATEST_DATE, dateRefusal, instantRefusal, isIsoDate } from '../domain/dates';
import { TARGET_DIRECTIONS, TARGET_UNITS } from '../domain/targets';
import { UNIT_KINDS } from '../domain/units';
import { GROUP_BY } from '../services/execution-report';
import { isoDate } from './schemas';

const instant = z.iso.datetime({ offset: true });

export const reportQuery = z.object({
  assignedFrom: isoDate.optional().openapi({
    description: "Tasks assigned on or after this date (the assigning document's date). Default: January 1 of the cut-off's year.",
  }),
  assignedTo: isoDate.optional().openapi({ description: "Tasks assigned on or before this date. Default: the cut-off's date." }),
  asOf: z
    .string()
    .max(40)
    .refine((v) => isIsoDate(v) || instant.safeParse(v).success, 'must be a date YYYY-MM-DD or an ISO 8601 instant with an offset')
    .superRefine((v, ctx) => {
      // A well-formed cut-off is judged on the one range of dates, as every other date field.
      const reason = isIsoDate(v) ? dateRefusal(v) : instant.safeParse(v).success ? instantRefusal(v) : null;
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    })
    .optional()
    .openapi({
      description: `The data cut-off: an instant, or a date meaning the end of that day in Vietnam, from ${EARLIEST_DATE} to ${LATEST_DATE}. Default: now.`,
      // A date, or the date part of an instant, in the range (years 1900–2199).
      pattern: '^(?:19|20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:T|$)',
      example: '2024-06-30',
    }),
  deadline: z
    .enum(['original', 'adjusted'])
    .default('adjusted')
    .openapi({ description: 'Judge on time against the original or the adjusted (extended) deadline.' }),
  key: z.enum(['true', 'false']).default('false').openapi({ description: 'Only key ("trọng tâm") tasks.' }),
  directive: z.string().max(80).optional().openapi({ description: 'Only the tasks of this directive.' }),
});

export const executionQuery = reportQuery.extend({ groupBy: z.enum(GROUP_BY).default('unit') });
export const exportQuery = executionQuery.extend({
  agency: z.string().trim().max(200).optional().openapi({ description: 'The agency sending the report, for the title block.' }),
});
export const rankingQuery = reportQuery.extend({
  unitKind: z.enum(UNIT_KINDS).optional().openapi({ description: 'Rank only units of this kind.' }),
});
export const behindQuery = executionQuery.extend({
  group: z
    .string()
    .max(300)
    .optional()
    .openapi({ description: 'Only the assignments of this group key (a unit code, kind, directive id or issuer).' }),
  column: z.enum(['completedOnTime', 'completedLate', 'openWithinDeadline', 'openOverdue']).optional(),
});

const figuresShape = {
  total: z.number().int(),
  completedOnTime: z.number().int(),
  completedLate: z.number().int(),
  openWithinDeadline: z.number().int(),
  openOverdue: z.number().int(),
  awaitingConfirmation: z.number().int().openapi({ description: 'Of the open ones, reported done and waiting for confirmation.' }),
  daysLateTotal: z.number().int(),
  openUpdated: z.number().int().openapi({ description: 'Open ones updated within 30 days before the cut-off.' }),
};
const ratesShape = {
  onTimeRate: z.number().nullable().openapi({ description: 'On time over on time + late + open overdue.' }),
  averageDaysLate: z.number(),
  updateRate: z.number().nullable(),
};
const figures = z.object(figuresShape);
export const attainmentSchema = z
  .object({
    withTarget: z.number().int(),
    met: z.number().int(),
    missed: z.number().int(),
    unreported: z.number().int(),
    on_track: z.number().int(),
    at_risk: z.number().int(),
    not_measured: z.number().int(),
  })
  .openapi('Attainment');

const groupFigures = z.object({
  key: z.string(),
  label: z.string(),
  unitKind: z.enum(UNIT_KINDS).optional(),
  ...figuresShape,
  ...ratesShape,
  keyTasks: figures,
  attainment: attainmentSchema,
});

export const executionReportSchema = z
  .object({
    assignedFrom: z.string(),
    assignedTo: z.string(),
    asOf: z.string(),
    groupBy: z.enum(GROUP_BY),
    deadline: z.enum(['original', 'adjusted']),
    groups: z.array(groupFigures),
    totals: groupFigures.omit({ key: true, label: true, unitKind: true }),
  })
  .openapi('ExecutionReport');

export const reportedAssignmentsSchema = z
  .object({
    items: z.array(
      z.object({
        workflowId: z.string(),
        taskId: z.string(),
        unitCode: z.string(),
        directiveId: z.string(),
        groupKey: z.string(),
        column: z.enum(['completedOnTime', 'completedLate', 'openWithinDeadline', 'openOverdue']),
        dueOn: z.string(),
        originalDueOn: z.string(),
        adjustedDueOn: z.string().openapi({ description: 'The due date in force at the cut-off: moved by extensions and resumed pauses' }),
        daysLate: z.number().int(),
        key: z.boolean(),
        completionBasis: z.enum(['recorded', 'confirmed-document-date']).nullable().openapi({
          description: "For completions: judged on the recorded time, or on the unit's document date the assigner confirmed",
        }),
        judgement: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReportedAssignments');

export const rankingSchema = z
  .object({
    assignedFrom: z.string(),
    assignedTo: z.string(),
    asOf: z.string(),
    deadline: z.enum(['original', 'adjusted']),
    unitKind: z.enum(UNIT_KINDS).nullable(),
    previous: z.object({ assignedFrom: z.string(), assignedTo: z.string(), asOf: z.string() }),
    units: z.array(
      z.object({
        unitCode: z.string(),
        unitName: z.string(),
        unitKind: z.enum(UNIT_KINDS),
        rank: z.number().int().nullable(),
        ...figuresShape,
        ...ratesShape,
        previousRank: z.number().int().nullable(),
        previousOnTimeRate: z.number().nullable(),
        rankChange: z.number().int().nullable().openapi({ description: 'Places moved up since the previous period.' }),
        onTimeRateChange: z.number().nullable().openapi({ description: 'Percentage points since the previous period.' }),
        attainment: attainmentSchema,
        keyTasks: z.object({ ...figuresShape, ...ratesShape, rank: z.number().int().nullable() }),
      }),
    ),
  })
  .openapi('Ranking');

export const targetSchemaApi = z
  .object({
    value: z.number().min(0).openapi({ description: 'Percent 0–100, a count, or for a ratio the share k/N (1 = all).', example: 60 }),
    unit: z.enum(TARGET_UNITS),
    direction: z.enum(TARGET_DIRECTIONS),
    description: z.string().max(500).optional(),
  })
  .openapi('Target');

export const targetInput = z.object({ target: targetSchemaApi.nullable().openapi({ description: 'null clears the target.' }) });

export const measurementInput = z
  .object({
    value: z.number().min(0).openapi({ description: 'The measured value; k for a ratio.', example: 62 }),
    of: z.number().positive().nullable().optional().openapi({ description: 'N, for a ratio target.' }),
    measuredOn: isoDate,
    source: z.string().trim().min(1, 'must not be empty').max(500).openapi({ example: 'Báo cáo số 12/BC-BXD' }),
    note: z.string().trim().max(2000).optional(),
  })
  .openapi('MeasurementInput');

const measurementSchema = z
  .object({
    id: z.string(),
    value: z.number(),
    of: z.number().nullable(),
    measuredOn: z.string(),
    source: z.string(),
    note: z.string(),
    reportedBy: z.string(),
    recordedAt: z.string(),
  })
  .openapi('Measurement');
export { measurementSchema };

export const assignmentTargetSchema = z
  .object({
    taskId: z.string(),
    unitCode: z.string(),
    target: targetSchemaApi.nullable(),
    dueOn: z.string(),
    measurements: z.array(measurementSchema),
    attainment: z
      .object({
        judgement: z.enum(['met', 'missed', 'unreported', 'on_track', 'at_risk', 'not_measured']),
        latest: z.number().nullable(),
        latestOn: z.string().nullable(),
        projected: z.number().nullable(),
      })
      .nullable(),
  })
  .openapi('AssignmentTarget');
