/**
 * The shared pieces of input validation (dates, ids, texts, URLs), in plain zod so that the core, the API and
 * the web validate with the same rules. The API adds its OpenAPI descriptions on top.
 */
import { z } from 'zod';
import {
  DATE_IN_RANGE_PATTERN,
  DATE_TIME_IN_RANGE_PATTERN,
  EARLIEST_DATE,
  LATEST_DATE,
  dateRefusal,
  instantRefusal,
} from '../domain/dates';

/** Adds `refusal`'s reason as the one issue of a value it refuses. */
const refusedBy = (refusal: (text: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const reason = refusal(value);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
};

/** A calendar date in the system's one range (domain/dates.ts), described so the OpenAPI document shows the range. */
export const isoDate = z
  .string()
  .superRefine(refusedBy(dateRefusal))
  .meta({
    format: 'date',
    pattern: DATE_IN_RANGE_PATTERN,
    description: `A date written YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}.`,
  });

export const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, dot, dash or underscore');
export const unitCode = slug;
export const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const requiredText = (max: number) => text(max).min(1, 'must not be empty');
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
/** An instant with its offset, on a date in Vietnam within the system's one range. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset, e.g. 2024-05-10T17:00:00+07:00' })
  .superRefine((value, ctx) => {
    // Only a well-formed date-time is judged on its range (the format's issue says the rest).
    if (z.iso.datetime({ offset: true }).safeParse(value).success) refusedBy(instantRefusal)(value, ctx);
  })
  .meta({
    pattern: DATE_TIME_IN_RANGE_PATTERN,
    description: `An ISO-8601 date-time with offset whose date in Vietnam is from ${EARLIEST_DATE} to ${LATEST_DATE}.`,
  });
