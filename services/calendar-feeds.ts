/**
 * iCalendar feeds (RFC 5545) of open assignments: all-day events on their due dates, with an alarm for each
 * reminder the policy plans. Calendar apps send no headers, so a read-only feed token goes in the URL; it
 * shows only the units its owner could see when it was made.
 */
import { randomBytes } from 'node:crypto';
import icalGenerator from 'ical-generator';
import { addDays, parts } from '../domain/dates';
import { planTimeline, type EscalationPolicy } from '../domain/policy';
import { OPEN_STATUSES } from '../domain/status';
import { canSeeUnit, hashToken, type Principal } from './access';
import type { AppDeps } from './deps';
import { DomainError, invalid, notFound } from './errors';

export async function createCalendarFeed(deps: AppDeps, principal: Principal, unitCode: string | undefined) {
  let units: string[] | null;
  if (principal.role === 'unit') units = [principal.unitCode!];
  else if (unitCode) {
    if (!deps.units.get(unitCode)) throw invalid('unitCode', `unknown unit ${unitCode}`);
    if (!canSeeUnit(principal, unitCode)) throw invalid('unitCode', `unit ${unitCode} is outside your scope`);
    units = [unitCode];
  } else units = principal.scope === 'all' ? null : principal.scope;
  const token = `ddf_${randomBytes(24).toString('base64url')}`;
  const id = `feed_${randomBytes(8).toString('hex')}`;
  await deps.sql`INSERT INTO calendar_feeds (id, token_hash, principal_id, units) VALUES (${id}, ${hashToken(token)}, ${principal.id}, ${units})`;
  return { id, units: units ?? ('all' as const), url: `/v1/calendar-feeds/${token}/calendar.ics` };
}

/** The feed of a token; with `onlyUnit`, just that unit's assignments (404 when the token does not cover it). */
export async function calendarFeed(deps: AppDeps, token: string, onlyUnit?: string): Promise<string> {
  const [found] = await deps.sql<{ units: string[] | null }[]>`
    SELECT units FROM calendar_feeds WHERE token_hash = ${hashToken(token)} AND revoked_at IS NULL`;
  if (!found) throw new DomainError('unauthenticated', 'unauthenticated', 'the calendar feed token is unknown or revoked');
  const feed = { units: onlyUnit ? [onlyUnit] : found.units };
  if (onlyUnit && found.units && !found.units.includes(onlyUnit)) throw notFound(`unit ${onlyUnit}`);
  const rows = await deps.sql<{ workflow_id: string; task_id: string; unit_code: string; due_on: string; due_at: Date | null; title: string; number: string; policy: EscalationPolicy; status: string }[]>`
    SELECT a.workflow_id, a.task_id, a.unit_code, a.due_on, a.due_at, t.title, d.number, t.policy, a.status
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
    WHERE a.status = ANY(${OPEN_STATUSES as string[]}) ${feed.units ? deps.sql`AND a.unit_code = ANY(${feed.units})` : deps.sql``}
    ORDER BY a.due_on, a.workflow_id LIMIT 5000`;
  const calendar = await deps.calendar();
  const cal = icalGenerator({ name: 'dondoc', prodId: { company: 'dondoc', product: 'assignments', language: 'VI' } });
  for (const r of rows) {
    const { year, month, day } = parts(r.due_on);
    const end = parts(addDays(r.due_on, 1));
    const event = cal.createEvent({
      id: `${r.workflow_id}@dondoc`,
      allDay: true,
      start: new Date(Date.UTC(year, month - 1, day)),
      end: new Date(Date.UTC(end.year, end.month - 1, end.day)),
      summary: `${r.number}: ${r.title} (${r.unit_code})`,
      description: `Due ${r.due_on}${r.due_at ? ` at ${r.due_at.toISOString()}` : ''}. Status: ${r.status}.`,
    });
    for (const step of planTimeline(r.policy, r.due_on, calendar, r.due_at?.getTime() ?? null)) {
      if (step.kind === 'reminder') event.createAlarm({ type: 'display' as never, trigger: new Date(step.at), description: `Reminder: due ${r.due_on}` });
    }
  }
  return cal.toString();
}
