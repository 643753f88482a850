/** Schemas of the acting-officer routes (issue 35): a grant as given and as answered, and who acts for whom on a day. */
import { z } from '@hono/zod-openapi';
import { isoDate } from './schemas';

const personId = z.string().min(1).max(80);

export const actingGrantInput = z
  .object({
    actingPersonId: personId.openapi({
      description:
        'Who acts: a person holding the same role (for a unit, an officer of the same unit; for a leader, a scope that covers the absent one’s).',
    }),
    fromOn: isoDate.openapi({ description: 'First day of the absence (Vietnam date).' }),
    toOn: isoDate.openapi({ description: 'Last day of the absence, inclusive (Vietnam date); at most 366 days after fromOn.' }),
    reason: z.string().trim().max(500).optional().openapi({ description: 'Why: leave, a mission abroad, training…' }),
  })
  .strict()
  .openapi('ActingGrantInput');

export const actingGrantSchema = z
  .object({
    id: z.string(),
    absentPersonId: z.string(),
    absentName: z.string(),
    actingPersonId: z.string(),
    actingName: z.string(),
    fromOn: z.string(),
    toOn: z.string(),
    reason: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    inForce: z.boolean().openapi({ description: 'In force today (or on the day asked about).' }),
  })
  .openapi('ActingGrant');

export const actingTodaySchema = actingGrantSchema
  .extend({
    receivedBy: z.string().openapi({
      description: "Who gets the absent person's mail that day: the acting person, or further down a chain of absences.",
    }),
  })
  .openapi('ActingToday');

export const actingQuery = z.object({
  on: isoDate.optional().openapi({ description: 'The day (Vietnam date); default today.' }),
  unit: z.string().max(80).optional().openapi({ description: 'Only absences of people of this unit.' }),
});
