/**
 * Leader digests. `planDigests` says who gets one on a day: nobody on a day off; leaders on "daily" every
 * working day, leaders on "weekly" on the week's first working day. `writeDigest` gathers, for one leader's
 * scope, what is overdue (by directive and unit, with days late), what falls due this week and what escalated
 * since the last digest, and writes it as a notification with its deliveries in one transaction — keyed by
 * (leader, day), so a retried or re-triggered schedule writes nothing twice. Nothing to say, nothing sent.
 */
import { loadCalendarYears } from '../db/calendars';
import { enqueueDeliveries } from '../db/outbox';
import { jsonb, type Sql } from '../db/sql';
import { isWorkingDay, mergeCalendarYears } from '../domain/calendar';
import { addDays, toVnDate, weekday, type IsoDate } from '../domain/dates';
import { digestIsEmpty, renderDigestEmail, type DigestFacts, type DigestItem, type Language } from '../domain/email-content';
import { assignmentLink } from '../domain/links';
import { unitByCode } from '../data/units';
import { unitName } from '../domain/units';
import { inLanguage } from '../domain/titles';

/** Each section lists at most this many; its heading still counts them all. */
const MAX_ITEMS_PER_SECTION = 300;

export interface DigestPlan {
  day: IsoDate;
  personIds: string[];
}

/** Monday of the ISO week that holds `day`. */
function mondayOf(day: IsoDate): IsoDate {
  return addDays(day, -((weekday(day) + 6) % 7));
}

export function createDigestActivities(sql: Sql, publicUrl: string) {
  async function planDigests(input: { at: number }): Promise<DigestPlan> {
    const day = toVnDate(new Date(input.at));
    const calendar = mergeCalendarYears(await loadCalendarYears(sql));
    if (!isWorkingDay(calendar, day)) return { day, personIds: [] };
    let firstWorkingDayOfWeek = true;
    for (let d = mondayOf(day); d < day; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) firstWorkingDayOfWeek = false;
    const cadences = firstWorkingDayOfWeek ? ['daily', 'weekly'] : ['daily'];
    const rows = await sql<{ id: string }[]>`
      SELECT id FROM people WHERE role = 'leader' AND digest = ANY (${cadences}) ORDER BY id`;
    return { day, personIds: rows.map((r) => r.id) };
  }

  async function writeDigest(input: { personId: string; day: IsoDate; at: number }): Promise<{ sent: boolean; overdue: number }> {
    return sql.begin(async (tx) => {
      const [person] = await tx<{ id: string; scope: string[] | null; digest: 'daily' | 'weekly' | 'off'; language: Language }[]>`
        SELECT id, scope, digest, language FROM people WHERE id = ${input.personId} AND role = 'leader'`;
      if (!person || person.digest === 'off') return { sent: false, overdue: 0 };
      // Serialises concurrent runs for the same leader and day; the primary key makes the second a no-op.
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`digest/${person.id}/${input.day}`}))`;
      const [existing] = await tx`SELECT 1 FROM digests WHERE person_id = ${person.id} AND day = ${input.day}`;
      if (existing) return { sent: false, overdue: 0 };

      const inScope = person.scope ? tx`AND a.unit_code = ANY (${person.scope})` : tx``;
      const [last] = await tx<{ created_at: Date }[]>`
        SELECT created_at FROM digests WHERE person_id = ${person.id} AND day < ${input.day} ORDER BY day DESC LIMIT 1`;
      const since = last?.created_at ?? new Date(input.at - (person.digest === 'weekly' ? 7 : 1) * 86_400_000);
      const weekEnd = addDays(mondayOf(input.day), 6);

      type Row = {
        task_id: string;
        unit_code: string;
        due_on: IsoDate;
        escalation_level: number;
        task_title: string;
        task_title_en: string | null;
        number: string;
        total: number;
      };
      const select = (where: ReturnType<Sql>) => tx<Row[]>`
        SELECT a.task_id, a.unit_code, a.due_on, a.escalation_level, t.title AS task_title, t.title_en AS task_title_en, d.number,
               count(*) OVER ()::int AS total
        FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
        WHERE ${where} ${inScope}
        ORDER BY a.due_on, a.workflow_id LIMIT ${MAX_ITEMS_PER_SECTION}`;
      const overdue = await select(tx`a.status = 'overdue'`);
      const dueThisWeek = await select(tx`a.status IN ('not_due', 'due_soon') AND a.due_on BETWEEN ${input.day} AND ${weekEnd}`);
      // Driven from the (kind, at) index of events: the escalations since the last digest are few.
      const escalated = await select(tx`a.workflow_id IN (SELECT e.workflow_id FROM assignment_events e
        WHERE e.kind = 'escalation' AND e.at > ${since} AND e.at <= ${new Date(input.at)})`);

      const item = (r: Row): DigestItem => ({
        directiveNumber: r.number,
        taskTitle: inLanguage(person.language, r.task_title, r.task_title_en),
        unitName: unitName(person.language, unitByCode(r.unit_code), r.unit_code),
        dueOn: r.due_on,
        link: assignmentLink(publicUrl, r.task_id, r.unit_code),
        escalationLevel: r.escalation_level,
      });
      const facts: DigestFacts = {
        day: input.day,
        cadence: person.digest,
        overdue: overdue.map(item),
        dueThisWeek: dueThisWeek.map(item),
        escalatedSince: escalated.map(item),
        totals: { overdue: overdue[0]?.total ?? 0, dueThisWeek: dueThisWeek[0]?.total ?? 0, escalatedSince: escalated[0]?.total ?? 0 },
      };
      if (digestIsEmpty(facts)) {
        await tx`INSERT INTO digests (person_id, day, cadence, overdue, due_this_week, escalated) VALUES (${person.id}, ${input.day}, ${person.digest}, 0, 0, 0)`;
        return { sent: false, overdue: 0 };
      }
      const content = renderDigestEmail(facts, person.language);
      const [notification] = await tx<{ id: string }[]>`
        INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, recipient_person, kind, title, body, created_at, details)
        VALUES (${`digest/${person.id}/${input.day}`}, 0, '', 'leader', ${person.id}, 'digest', ${content.subject.replace(/^\[dondoc\] /, '')},
                ${content.text}, ${new Date(input.at)}, ${jsonb(tx, facts)})
        ON CONFLICT (workflow_id, seq, recipient_unit, recipient_role) DO UPDATE SET kind = EXCLUDED.kind
        RETURNING id::text`;
      await enqueueDeliveries(tx, [notification!.id]);
      await tx`
        INSERT INTO digests (person_id, day, cadence, notification_id, overdue, due_this_week, escalated)
        VALUES (${person.id}, ${input.day}, ${person.digest}, ${notification!.id}, ${facts.totals!.overdue}, ${facts.totals!.dueThisWeek}, ${facts.totals!.escalatedSince})`;
      return { sent: true, overdue: facts.totals!.overdue };
    });
  }

  return { planDigests, writeDigest };
}
