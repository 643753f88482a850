/**
 * Validation of escalation policies given through the API. Apart from domain/policy.ts so that the workflow
 * bundle, which plans timelines, does not load zod.
 */
import { z } from 'zod';
import { parseIsoDuration } from './duration';
import { backupRungOf } from './escalation-ack';
import { RUNGS, offsetLength, type AckWindow, type EscalationPolicy, type Offset } from './policy';

export const offsetSchema = z.union([
  z.object({ days: z.number().int().min(0).max(366) }).strict(),
  z.object({ workingDays: z.number().int().min(0).max(250) }).strict(),
  z
    .object({
      duration: z
        .string()
        .max(40)
        .refine(
          (d) => parseIsoDuration(d) !== null,
          'must be an ISO-8601 duration of weeks, days, hours, minutes or seconds, e.g. PT5S or P3D',
        ),
    })
    .strict(),
]);

const durationText = z
  .string()
  .max(40)
  .refine((d) => (parseIsoDuration(d) ?? 0) > 0, 'must be an ISO-8601 duration longer than zero, e.g. PT4H or PT30S');

export const ackWindowSchema = z.union([
  z.object({ workingHours: z.number().int().min(1).max(400) }).strict(),
  z.object({ duration: durationText }).strict(),
]);

const escalationRungSchema = z
  .object({ after: offsetSchema, rung: z.enum(RUNGS), ackWithin: ackWindowSchema.optional(), backup: z.enum(RUNGS).optional() })
  .strict()
  .refine((e) => e.backup === undefined || e.backup !== e.rung, { message: 'backup must be another rung than rung', path: ['backup'] });

export const escalationPolicySchema = z
  .object({
    /** How long before the due date each reminder goes to the unit. */
    reminders: z.array(offsetSchema).max(20),
    /** How long after the due instant each rung is escalated to. */
    escalations: z.array(escalationRungSchema).max(10),
    /** The top rung repeats at this interval until the assignment is resolved; null: never. */
    repeatTopRungEvery: offsetSchema.nullable(),
    /** Time of day (Vietnam) at which day-based reminders and escalations fire. */
    timeOfDay: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('08:00'),
    /** A demo or test policy: exempt from the interval floor where the deployment allows demo policies. */
    demo: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.repeatTopRungEvery === null || offsetLength(p.repeatTopRungEvery) > 0, {
    message: 'repeatTopRungEvery must be longer than zero',
    path: ['repeatTopRungEvery'],
  })
  .superRefine((p, ctx) => {
    // An acknowledgement window needs somebody to go to when it closes unanswered.
    p.escalations.forEach((e, i) => {
      if (e.ackWithin && !backupRungOf(p, i + 1))
        ctx.addIssue({
          code: 'custom',
          path: ['escalations', i, 'backup'],
          message: 'ackWithin needs a backup: no rung above this one reaches another reader',
        });
    });
  });

// The schemas and the plain types must describe the same data: type-checking fails here if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemasMatchTypes = [
  Assert<Same<z.infer<typeof offsetSchema>, Offset>>,
  Assert<Same<z.infer<typeof escalationPolicySchema>, EscalationPolicy>>,
  Assert<Same<z.infer<typeof ackWindowSchema>, AckWindow>>,
];
