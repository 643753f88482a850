/** Schemas of the admin routes: people, tokens, the audit log. */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../services/access';
import { DIGEST_FREQUENCIES, LANGUAGES, POSITIONS } from '../services/types';
import { unitCode } from './schemas';
import { isTimeZone } from '../domain/quiet-hours';

export const personInput = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'must be lowercase letters, digits, dot, dash or underscore')
      .optional(),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    unitCode: unitCode.optional().openapi({ description: 'Required for unit officers: the one unit they act for.' }),
    scope: z.array(unitCode).max(500).optional().openapi({ description: 'Leaders: the units in scope; omitted means all.' }),
    email: z.email().max(254).optional().openapi({ description: 'Where reminders, escalations and digests are emailed.' }),
    language: z.enum(LANGUAGES).default('vi').openapi({ description: 'Language of the emails this person receives.' }),
    position: z
      .enum(POSITIONS)
      .default('officer')
      .openapi({ description: "Unit people: an officer gets the unit's reminders; the head gets the first escalation rung." }),
    digest: z.enum(DIGEST_FREQUENCIES).default('daily').openapi({ description: 'Leaders: how often the overdue digest comes.' }),
  })
  .strict()
  .openapi('PersonInput');

export const preferencesInput = z
  .object({
    email: z.email().max(254).nullable().optional(),
    language: z.enum(LANGUAGES).optional(),
    digest: z.enum(DIGEST_FREQUENCIES).optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Ho_Chi_Minh')
      .optional()
      .openapi({ description: 'Emails keep to working hours in this zone (quiet hours); default Asia/Ho_Chi_Minh.' }),
  })
  .strict()
  .openapi('PreferencesInput');

export const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    unitCode: z.string().nullable(),
    scope: z.union([z.literal('all'), z.array(z.string())]),
    email: z.string().nullable(),
    language: z.enum(LANGUAGES),
    position: z.enum(POSITIONS),
    digest: z.enum(DIGEST_FREQUENCIES),
    timeZone: z.string(),
    createdAt: z.string(),
  })
  .openapi('Person');

export const tokenInput = z
  .object({ name: z.string().trim().min(1).max(200), expiresInDays: z.number().int().min(1).max(3650).default(90) })
  .strict()
  .openapi('TokenInput');

export const tokenCreated = z
  .object({
    id: z.string(),
    personId: z.string(),
    name: z.string(),
    token: z.string().optional().openapi({ description: 'Shown only now; absent on an idempotent replay.' }),
    expiresAt: z.string(),
  })
  .openapi('TokenCreated');

export const auditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    requestId: z.string(),
    principalId: z.string().nullable(),
    tokenId: z.string().nullable(),
    role: z.string().nullable(),
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
    idempotencyKey: z.string().nullable(),
    body: z.unknown(),
  })
  .openapi('AuditEntry');
