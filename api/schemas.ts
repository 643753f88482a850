/** Request and response schemas: validation and the OpenAPI document come from the same definitions. */
import { z } from '@hono/zod-openapi';
import { isoDate as rangedDate, isoDateTime as rangedDateTime } from '../services/input-pieces';
import { escalationPolicySchema } from '../domain/policy-schema';
import { FREQUENCIES } from '../domain/periods';
import { URGENCIES } from '../domain/urgency';
import { STATUSES } from '../domain/status';
import { UNIT_GROUPS } from '../services/types';
import { ACTION_NAMES, ACTIONS, type ActionName } from '../services/actions';

/** Every date field of the API: a real date within the range, which the document states (format, pattern, description). */
export const isoDate = rangedDate.openapi({ example: '2024-05-10' });
/** Every date-time field of the API: an instant with its offset, on a date in Vietnam within the range. */
export const isoDateTime = rangedDateTime.openapi({ example: '2024-05-10T17:00:00+07:00' });

/** A paging cursor: opaque, issued by the API, never longer than this. */
export const CURSOR_MAX_LENGTH = 500;
export const cursorParam = z
  .string()
  .max(CURSOR_MAX_LENGTH, `must be at most ${CURSOR_MAX_LENGTH} characters`)
  .openapi({ description: `The nextCursor of the previous page, as given (at most ${CURSOR_MAX_LENGTH} characters).` });

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, dot, dash or underscore');
export const unitCode = slug.openapi({ example: 'an-giang' });

/** A path parameter naming a row by its number (notifications, deliveries): digits only, as the document says. */
export const numericIdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/, 'must be a positive whole number')
  .openapi({ param: { name: 'id', in: 'path' }, pattern: '^[1-9][0-9]{0,17}$', example: '42', description: 'A numeric id' });
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'must not be empty');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export const directiveInput = z
  .object({
    id: slug.optional().openapi({ description: 'Stable id; generated when omitted.' }),
    number: requiredText(60).openapi({ example: '203/TB-VPCP' }),
    kind: text(40).default('notice').openapi({ example: 'notice' }),
    issuer: requiredText(200).openapi({ example: 'Văn phòng Chính phủ' }),
    issuedOn: isoDate,
    title: requiredText(500).openapi({ description: 'In Vietnamese, as the document words it (a "Vietnamese / English" title is split).' }),
    titleEn: text(500).optional().openapi({ description: 'The English title; readers of English see it, others the Vietnamese.' }),
    url: httpUrl.nullable().optional(),
    summary: text(5000).default(''),
    summaryEn: text(5000).optional(),
    confirmationRequired: z.boolean().default(false).openapi({ description: 'Completion reports need the coordinator to confirm them.' }),
  })
  .strict()
  .openapi('DirectiveInput');

export const directiveSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.string(),
    issuer: z.string(),
    issuedOn: z.string(),
    title: z.string(),
    titleEn: z.string().nullable(),
    summaryEn: z.string().nullable(),
    url: z.string().nullable(),
    summary: z.string(),
    confirmationRequired: z.boolean(),
    createdAt: z.string(),
    taskCount: z.number().int(),
    assignmentCount: z.number().int(),
  })
  .openapi('Directive');

export const unitGroup = z.enum(UNIT_GROUPS);

export const taskInput = z
  .object({
    id: slug.optional(),
    title: requiredText(500).openapi({ description: 'In Vietnamese, as the document words it.' }),
    titleEn: text(500).optional().openapi({ description: 'The English title (fallback: the Vietnamese).' }),
    description: text(10000).default(''),
    dueOn: isoDate.optional().openapi({ description: 'The due date; or give deadlineText.' }),
    dueAt: isoDateTime
      .optional()
      .openapi({ description: 'A deadline time within the day ("trước 17h00 ngày …"); dueOn is then its date in Vietnam.' }),
    deadlineText: text(500).optional().openapi({ example: 'before May 10, 2024' }),
    assignees: z
      .object({
        units: z.array(unitCode).max(2000, 'at most 2,000 units per call').default([]),
        groups: z.array(unitGroup).max(4).default([]),
      })
      .strict()
      // Lead units are assignees, so a task may name its units in leadUnits alone.
      .default({ units: [], groups: [] }),
    leadUnits: z.array(unitCode).max(50).default([]),
    coordinatingUnits: z.array(unitCode).max(200).default([]),
    contributionLeadDays: z
      .number()
      .int()
      .min(0)
      .max(60)
      .optional()
      .openapi({ description: "Working days before the lead's due date that co-operating units deliver their contributions (default 3)." }),
    policy: escalationPolicySchema.optional().openapi({ description: "Escalation policy; when omitted, the urgency's default." }),
    urgency: z
      .enum(URGENCIES)
      .optional()
      .openapi({ description: "The document's urgency (khẩn, thượng khẩn, hỏa tốc): a tighter default policy when none is given." }),
    key: z.boolean().default(false).openapi({ description: 'A key ("trọng tâm") task.' }),
    recurrenceDueDay: z
      .number()
      .int()
      .min(1)
      .max(31)
      .optional()
      .openapi({ description: "Recurring obligations: due on this day of the period's last month (default: its last working day)." }),
  })
  .strict()
  .refine((t) => t.dueOn !== undefined || t.dueAt !== undefined || t.deadlineText !== undefined, {
    message: 'give dueOn, dueAt or deadlineText',
    path: ['dueOn'],
  })
  // Lead units are assignees: naming them in leadUnits alone is enough.
  .refine((t) => t.assignees.units.length + t.assignees.groups.length + t.leadUnits.length > 0, {
    message: 'assign at least one unit or group (in assignees or leadUnits)',
    path: ['assignees'],
  })
  .openapi('TaskInput');

export const recurrenceChange = z
  .discriminatedUnion('action', [
    z.object({ action: z.enum(['pause', 'resume', 'end']) }).strict(),
    z
      .object({
        action: z.literal('change'),
        frequency: z.enum(FREQUENCIES).optional(),
        dueDay: z.number().int().min(1).max(31).nullable().optional().openapi({ description: 'null: the last working day of the period.' }),
      })
      .strict(),
  ])
  .openapi('RecurrenceChange');

export const recurrenceState = z
  .object({
    taskId: z.string(),
    state: z.enum(['active', 'paused', 'ended']),
    frequency: z.enum(FREQUENCIES).optional(),
    dueDay: z.number().int().nullable().optional(),
  })
  .openapi('RecurrenceState');

export const taskCreated = z
  .object({
    taskId: z.string(),
    directiveId: z.string(),
    dueOn: z.string().nullable(),
    assignmentCount: z
      .number()
      .int()
      .openapi({ description: 'The assignment workflows the task starts: its lead units and co-operating contributions' }),
    fanoutWorkflowId: z.string().nullable(),
    recurring: z.enum(FREQUENCIES).optional(),
    dueDay: z.number().int().nullable().optional().openapi({ description: "A recurring obligation's due day of the period's last month" }),
    scheduleId: z.string().optional(),
    provisional: z.boolean().openapi({ description: 'The due date rests on a year with no official calendar loaded yet' }),
  })
  .openapi('TaskCreated');

export const assignmentSchema = z
  .object({
    workflowId: z.string(),
    taskId: z.string(),
    taskTitle: z.string(),
    taskTitleEn: z.string().nullable().openapi({ description: 'The English title, when the task has one' }),
    directiveId: z.string(),
    unitCode: z.string(),
    originalUnit: z.string(),
    status: z.enum(STATUSES),
    dueOn: z.string(),
    dueAt: z.string().nullable(),
    originalDueOn: z.string(),
    acknowledged: z.boolean(),
    acknowledgedAt: z.string().nullable(),
    progressPercent: z.number().int().nullable(),
    progressNote: z.string().nullable(),
    completion: z.record(z.string(), z.unknown()).nullable(),
    completionBasis: z.enum(['recorded', 'confirmed-document-date', 'document-date']).nullable().openapi({
      description:
        "What on time was judged on: the recorded time of the report, or the unit's document date once the assigner confirmed it (never against a deadline with a time of day); document-date: judged before that rule",
    }),
    pendingExtension: z.record(z.string(), z.unknown()).nullable(),
    dueDateChanges: z.array(z.record(z.string(), z.unknown())),
    reassignedTo: z.string().nullable(),
    refusal: z.record(z.string(), z.unknown()).nullable(),
    paused: z.record(z.string(), z.unknown()).nullable(),
    awaitingAck: z.record(z.string(), z.unknown()).nullable(),
    key: z.boolean(),
    escalationLevel: z.number().int(),
    escalationRung: z.string().nullable(),
    updatedAt: z.string(),
    provisional: z.boolean().openapi({
      description: 'The due date rests on a day of a year with no official calendar loaded yet (the statutory holidays stand in for it)',
    }),
    role: z.enum(['lead', 'cooperating']).openapi({ description: 'Lead unit (chủ trì) or co-operating unit (phối hợp)' }),
    answersTo: z.string().nullable().openapi({
      description:
        'The unit that confirms or returns this assignment: the holder above a sub-assignment, the lead unit above a contribution',
    }),
    parentWorkflowId: z.string().nullable().openapi({ description: 'The assignment this one was passed on from' }),
  })
  .openapi('Assignment');

export const eventSchema = z
  .object({
    position: z.number().int().openapi({ description: "1..n over the assignment's timeline, predecessors' events included" }),
    fromPredecessor: z.boolean().openapi({ description: "The event is a predecessor's (see workflowId), carried into this timeline" }),
    seq: z.number().int().openapi({ description: 'Sequence within its own workflow (workflowId)' }),
    workflowId: z.string(),
    kind: z.string(),
    at: z.string(),
    actor: z.record(z.string(), z.unknown()),
    status: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('AssignmentEvent');

export const assignmentDetail = assignmentSchema.extend({ timeline: z.array(eventSchema) }).openapi('AssignmentDetail');

export const assignmentPage = z.object({ items: z.array(assignmentSchema), nextCursor: z.string().nullable() }).openapi('AssignmentPage');

export const assignmentFilters = z.object({
  unit: unitCode.optional(),
  status: z.enum(STATUSES).optional(),
  directive: slug.optional(),
  task: slug.optional(),
  key: z.enum(['true', 'false']).optional().openapi({ description: 'Only key ("trọng tâm") tasks, or only the others.' }),
  dueBefore: isoDate.optional().openapi({ description: 'Due on or before this date.' }),
  dueAfter: isoDate.optional().openapi({ description: 'Due on or after this date.' }),
  level: z.enum(['top', 'below']).optional().openapi({
    description: 'Only the assignments the assigner gave (`top`), or only the sub-assignments units passed on below them (`below`).',
  }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: cursorParam.optional(),
});

export const assignmentPath = z.object({
  taskId: slug.openapi({ param: { name: 'taskId', in: 'path' } }),
  unitCode: unitCode.openapi({ param: { name: 'unitCode', in: 'path' } }),
});

/** Each action's input schema from the core's action table, named for the OpenAPI document. */
const ACTION_SCHEMA_NAMES: Record<ActionName, string> = {
  acknowledge: 'AcknowledgeInput',
  progress: 'ProgressInput',
  complete: 'CompleteInput',
  requestExtension: 'ExtensionRequestInput',
  decideExtension: 'ExtensionDecisionInput',
  reassign: 'ReassignInput',
  cancel: 'CancelInput',
  confirm: 'ConfirmInput',
  return: 'ReturnInput',
  decline: 'DeclineInput',
  insist: 'InsistInput',
  pause: 'PauseInput',
  resume: 'ResumeInput',
  acknowledgeEscalation: 'EscalationAcknowledgementInput',
};
export const actionInputs = Object.fromEntries(ACTION_NAMES.map((a) => [a, ACTIONS[a].input.openapi(ACTION_SCHEMA_NAMES[a])])) as {
  [A in ActionName]: (typeof ACTIONS)[A]['input'];
};

export const notificationSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    recipientUnit: z.string(),
    recipientRole: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');
