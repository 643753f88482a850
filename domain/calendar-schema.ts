/**
 * Validation of an official calendar year (data files and admin uploads): real dates, in the year, each
 * working Saturday making up for a listed day off, every entry citing a known source. Apart from
 * domain/calendar.ts so that the workflow bundle, which counts working days, does not load zod.
 */
import { z } from 'zod';
import type { CalendarYear } from './calendar';
import { isIsoDate, parts, weekday } from './dates';

const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

/** One year of the official calendar, as stored in data/calendar/vn-YYYY.json and loaded by admins. */
export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2200),
    sources: z
      .array(
        z.object({
          id: z.string().min(1).max(100),
          title: z.string().min(1).max(1000),
          url: z.string().url().optional(),
          note: z.string().max(4000).optional(),
        }),
      )
      .min(1),
    daysOff: z.array(
      z.object({
        date: isoDate,
        name: z.string().min(1).max(500),
        source: z.string().min(1),
      }),
    ),
    workingSaturdays: z.array(
      z.object({
        date: isoDate,
        /** The day off this working weekend day makes up for (may lie in the neighbouring year). */
        replaces: isoDate,
        source: z.string().min(1),
      }),
    ),
  })
  .superRefine((cal, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const sourceIds = new Set<string>();
    cal.sources.forEach((s, i) => {
      if (sourceIds.has(s.id)) issue(['sources', i, 'id'], `duplicate source id ${s.id}`);
      sourceIds.add(s.id);
    });
    const inYear = (d: string) => isIsoDate(d) && parts(d).year === cal.year;
    const offDates = new Set<string>();
    cal.daysOff.forEach((e, i) => {
      if (isIsoDate(e.date) && !inYear(e.date)) issue(['daysOff', i, 'date'], `${e.date} is not in ${cal.year}`);
      if (offDates.has(e.date)) issue(['daysOff', i, 'date'], `${e.date} is listed twice`);
      offDates.add(e.date);
      if (!sourceIds.has(e.source)) issue(['daysOff', i, 'source'], `unknown source ${e.source}`);
    });
    const workDates = new Set<string>();
    cal.workingSaturdays.forEach((e, i) => {
      if (!isIsoDate(e.date)) return;
      if (!inYear(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is not in ${cal.year}`);
      const wd = weekday(e.date);
      if (wd !== 6 && wd !== 0) issue(['workingSaturdays', i, 'date'], `${e.date} is not a Saturday or Sunday`);
      if (offDates.has(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is also listed as a day off`);
      if (workDates.has(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is listed twice`);
      workDates.add(e.date);
      if (isIsoDate(e.replaces) && inYear(e.replaces) && !offDates.has(e.replaces)) {
        issue(['workingSaturdays', i, 'replaces'], `${e.replaces} is not listed as a day off`);
      }
      if (!sourceIds.has(e.source)) issue(['workingSaturdays', i, 'source'], `unknown source ${e.source}`);
    });
  });

// The schema and the plain type must describe the same data: type-checking fails here if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaMatchesType = Assert<Same<z.infer<typeof calendarYearSchema>, CalendarYear>>;
