/**
 * iCalendar feeds (RFC 5545) of open assignments: all-day events on their due dates, with an alarm for each
 * reminder the policy plans. Calendar apps send no headers, so a read-only feed token goes in the URL; it
 * shows only the units its owner could see when it was made, and only while the owner and their token stand.
 */
import { randomBytes } from 'node:crypto';
import icalGenerator, { ICalAlarmType } from 'ical-generator';
import { addDays, parts } from '../domain/dates';
import { planTimeline, type EscalationPolicy } from '../domain/policy';
import { OPEN_STATUSES } from '../domain/status';
import { BOOTSTRAP_ADMIN_ID, canSeeUnit, hashToken, type Principal } from './access';
import type { AppDeps } from './deps';
import { DomainError, notFound } from './errors';
import { enforceFeedQuota } from './quotas';

export async function createCalendarFeed(deps: AppDeps, principal: Principal, unitCode: string | undefined) {
  let units: string[] | null;
  if (unitCode !== undefined) {
    // Another unit's feed is out of scope, and out of scope is 404 everywhere (a unit officer included).
    if (!deps.units.get(unitCode) || !canSeeUnit(principal, unitCode)) throw notFound(`unit ${unitCode}`);
    units = [unitCode];
  } else if (principal.role === 'unit') units = [principal.unitCode!];
  else units = principal.scope === 'all' ? null : principal.scope;
  await enforceFeedQuota(deps, principal);
  const token = `ddf_${randomBytes(24).toString('base64url')}`;
  const id = `feed_${randomBytes(8).toString('hex')}`;
  const [row] = await deps.sql<{ created_at: Date }[]>`
    INSERT INTO calendar_feeds (id, token_hash, principal_id, token_id, units)
    VALUES (${id}, ${hashToken(token)}, ${principal.id}, ${principal.tokenId}, ${units})
    RETURNING created_at`;
  return {
    id,
    units: units ?? ('all' as const),
    url: `/v1/calendar-feeds/${token}/calendar.ics`,
    createdAt: row!.created_at.toISOString(),
  };
}

interface FeedRow {
  id: string;
  principal_id: string;
  units: string[] | null;
  created_at: Date;
  revoked_at: Date | null;
}

const toFeedView = (r: FeedRow) => ({
  id: r.id,
  personId: r.principal_id,
  units: r.units ?? ('all' as const),
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** The caller's feeds (an admin may ask for anyone's), newest first; tokens are never shown again. */
export async function listCalendarFeeds(deps: AppDeps, principal: Principal, personId = principal.id) {
  if (personId !== principal.id && principal.role !== 'admin') throw notFound(`person ${personId}`);
  const rows = await deps.sql<FeedRow[]>`
    SELECT id, principal_id, units, created_at, revoked_at FROM calendar_feeds WHERE principal_id = ${personId}
    ORDER BY created_at DESC, id DESC LIMIT 500`;
  return rows.map(toFeedView);
}

/** Revoking is idempotent (the first time is kept); another person's feed is 404 except to an admin. */
export async function revokeCalendarFeed(deps: AppDeps, principal: Principal, feedId: string) {
  const [row] = await deps.sql<FeedRow[]>`
    UPDATE calendar_feeds SET revoked_at = coalesce(revoked_at, now())
    WHERE id = ${feedId} ${principal.role === 'admin' ? deps.sql`` : deps.sql`AND principal_id = ${principal.id}`}
    RETURNING id, principal_id, units, created_at, revoked_at`;
  if (!row) throw notFound(`calendar feed ${feedId}`);
  return toFeedView(row);
}

/** The feed of a token; with `onlyUnit`, just that unit's assignments (404 when the token does not cover it). */
export async function calendarFeed(deps: AppDeps, token: string, onlyUnit?: string): Promise<string> {
  // A feed serves only while its creator stands: the person still exists and the API token it was made with is
  // neither revoked nor expired (the bootstrap admin's feeds, made with no stored token, stand with ADMIN_TOKEN).
  const [found] = await deps.sql<{ units: string[] | null }[]>`
    SELECT f.units FROM calendar_feeds f
    LEFT JOIN api_tokens t ON t.id = f.token_id
    WHERE f.token_hash = ${hashToken(token)} AND f.revoked_at IS NULL
      AND (f.token_id IS NULL OR (t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())))
      AND (f.principal_id = ${BOOTSTRAP_ADMIN_ID} OR EXISTS (SELECT 1 FROM people p WHERE p.id = f.principal_id))`;
  if (!found) throw new DomainError('unauthenticated', 'unauthenticated', 'the calendar feed token is unknown or revoked');
  const feed = { units: onlyUnit ? [onlyUnit] : found.units };
  if (onlyUnit && found.units && !found.units.includes(onlyUnit)) throw notFound(`unit ${onlyUnit}`);
  const rows = await deps.sql<
    {
      workflow_id: string;
      task_id: string;
      unit_code: string;
      due_on: string;
      due_at: Date | null;
      title: string;
      number: string;
      policy: EscalationPolicy;
      status: string;
    }[]
  >`
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
      if (step.kind === 'reminder')
        event.createAlarm({ type: ICalAlarmType.display, trigger: new Date(step.at), description: `Reminder: due ${r.due_on}` });
    }
  }
  return cal.toString();
}
