/**
 * The shared pieces of input validation (dates, ids, texts, URLs), in plain zod so that the core, the API and
 * the web validate with the same rules. The API adds its OpenAPI descriptions on top.
 */
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';

export const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

export const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, dot, dash or underscore');
export const unitCode = slug;
export const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const requiredText = (max: number) => text(max).min(1, 'must not be empty');
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
export const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time with offset, e.g. 2024-05-10T17:00:00+07:00',
});
