/**
 * The delivery outbox: for notifications just written, one `deliveries` row per channel and recipient,
 * resolved from roles — a unit's officers and head, the leaders whose scope holds the unit, the directive's
 * coordinator, or the one person a digest is for — and one per matching webhook subscription per event.
 * Called inside the transaction that wrote the notifications, so an event and its deliveries commit together.
 * Keyed by (notification, channel, recipient): running it twice adds nothing.
 */
import type { CalendarData } from '../domain/calendar';
import { DEFAULT_TIME_ZONE, EXEMPT_URGENCIES, releaseAt } from '../domain/quiet-hours';
import type { SqlOrTx } from './sql';

export const OUTBOX_CHANNEL = 'dondoc_outbox';

export interface EnqueueOptions {
  /** Quiet hours on: the official calendar (cached by the caller, db/calendars.ts) decides the working periods. */
  quietHours?: { calendar: () => Promise<CalendarData> } | null;
}

/** An email just added that quiet hours may hold: an assignment's notice on a task that is not urgent. */
interface QuietCandidate {
  id: string;
  at: number;
  tz: string | null;
}

export async function enqueueDeliveries(tx: SqlOrTx, notificationIds: string[], options: EnqueueOptions = {}): Promise<number> {
  if (notificationIds.length === 0) return 0;
  const quiet = !!options.quietHours;
  // One statement: the email deliveries, the webhook deliveries, the wake-up when either added a row, and (with quiet
  // hours on) the emails added that quiet hours may hold, with what judges them.
  const [row] = await tx<{ added: number; quiet_candidates: QuietCandidate[] }[]>`
    WITH RECURSIVE addressed AS (
      SELECT n.id AS notification_id, p.id AS person_id, (n.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
             -- Only an assignment's notices and digests follow an acting grant; a sign-in link is the person's own.
             (a.workflow_id IS NOT NULL OR n.kind = 'digest') AS redirectable
      FROM notifications n
      LEFT JOIN assignments a ON a.workflow_id = n.workflow_id
      LEFT JOIN directives d ON d.id = a.directive_id
      LEFT JOIN people owner ON owner.id = d.created_by AND owner.role = 'coordinator'
      JOIN people p ON (
        CASE
          WHEN n.recipient_person IS NOT NULL THEN p.id = n.recipient_person
          WHEN n.recipient_role = 'unit_officer' THEN p.role = 'unit' AND p.unit_code = n.recipient_unit AND p.position = 'officer'
          WHEN n.recipient_role = 'unit_head' THEN p.role = 'unit' AND p.unit_code = n.recipient_unit AND p.position = 'head'
          WHEN n.recipient_role = 'supervising_leader' THEN p.role = 'leader' AND (p.scope IS NULL OR n.recipient_unit = ANY (p.scope))
          -- The directive's own coordinator when a stored coordinator registered it; otherwise all of them.
          WHEN n.recipient_role = 'coordinator' THEN p.role = 'coordinator' AND (owner.id IS NULL OR p.id = owner.id)
          ELSE false
        END)
      WHERE n.id = ANY (${notificationIds}::bigint[])
    ), chain AS (
      -- Acting officers (domain/acting.ts resolveRecipient): on the notice's Vietnam date, an absent person's mail goes
      -- to the acting person of the grant in force, and on while that one is away too, at most 5 steps, never revisiting.
      SELECT notification_id, person_id AS origin, person_id AS current, day, redirectable, 0 AS depth, ARRAY[person_id] AS path
      FROM addressed
      UNION ALL
      SELECT c.notification_id, c.origin, g.acting_person, c.day, c.redirectable, c.depth + 1, c.path || g.acting_person
      FROM chain c
      JOIN acting_grants g ON g.absent_person = c.current AND g.revoked_at IS NULL AND c.day BETWEEN g.from_on AND g.to_on
      WHERE c.redirectable AND c.depth < 5 AND g.acting_person <> ALL (c.path)
    ), resolved AS (
      -- The chain's end, unless that person is away too (a cycle, or past the bound): then the one it started from.
      SELECT DISTINCT ON (c.notification_id, c.origin) c.notification_id,
             CASE WHEN c.redirectable AND EXISTS (
               SELECT 1 FROM acting_grants g
               WHERE g.absent_person = c.current AND g.revoked_at IS NULL AND c.day BETWEEN g.from_on AND g.to_on
             ) THEN c.origin ELSE c.current END AS person_id
      FROM chain c
      ORDER BY c.notification_id, c.origin, c.depth DESC
    ), emails AS (
      INSERT INTO deliveries (notification_id, channel, recipient, address)
      -- Two absent people acting through one person, or one acting for someone addressed too: one email each.
      SELECT DISTINCT ON (r.notification_id, p.id) r.notification_id, 'email', p.id, p.email
      FROM resolved r
      JOIN people p ON p.id = r.person_id AND p.email IS NOT NULL
      ORDER BY r.notification_id, p.id
      ON CONFLICT (notification_id, channel, recipient) DO NOTHING
      RETURNING id, notification_id, recipient
    ), hooks AS (
      -- A webhook is about the event: one delivery per event and subscription, on its first notification.
      INSERT INTO deliveries (notification_id, channel, recipient, address)
      SELECT DISTINCT ON (n.workflow_id, n.seq, s.id) n.id, 'webhook', s.id, s.url
      FROM notifications n
      JOIN webhook_subscriptions s ON s.disabled_at IS NULL
        AND (cardinality(s.event_types) = 0 OR n.kind = ANY (s.event_types))
      LEFT JOIN assignments a ON a.workflow_id = n.workflow_id
      WHERE n.id = ANY (${notificationIds}::bigint[]) AND n.recipient_person IS NULL
        AND (s.units IS NULL OR a.unit_code = ANY (s.units))
      ORDER BY n.workflow_id, n.seq, s.id, n.id
      ON CONFLICT (notification_id, channel, recipient) DO NOTHING
      RETURNING 1
    ), added AS (
      SELECT (SELECT count(*) FROM emails) + (SELECT count(*) FROM hooks) AS n
    )
    -- Wakes an idle dispatcher at commit; it also polls, so a lost wake-up only delays.
    SELECT n::int AS added,
           CASE WHEN n > 0 THEN pg_notify(${OUTBOX_CHANNEL}, '') END AS woken,
           -- Only an assignment's notices (a sign-in link leaves at once), on tasks that are not urgent.
           (SELECT coalesce(json_agg(json_build_object('id', e.id::text, 'at', (extract(epoch FROM n.created_at) * 1000)::bigint,
                                                       'tz', p.time_zone)), '[]')
            FROM emails e
            JOIN notifications n ON n.id = e.notification_id
            JOIN assignments a ON a.workflow_id = n.workflow_id
            JOIN tasks t ON t.id = a.task_id
            LEFT JOIN people p ON p.id = e.recipient
            WHERE ${quiet} AND NOT (coalesce(t.urgency, '') = ANY (${EXEMPT_URGENCIES}::text[]))) AS quiet_candidates
    FROM added`;
  const added = row?.added ?? 0;
  if (options.quietHours && row?.quiet_candidates.length)
    await holdForQuietHours(tx, row.quiet_candidates, await options.quietHours.calendar());
  return added;
}

/**
 * Quiet hours (domain/quiet-hours.ts): each candidate whose notice was written outside the reader's working hours waits
 * for the start of the next working period. Judged on the notice's own time, so a retried event holds its rows to the
 * same instant. Within working hours nothing is written: no statement beyond the enqueue's own.
 */
async function holdForQuietHours(tx: SqlOrTx, candidates: QuietCandidate[], calendar: CalendarData): Promise<void> {
  const held = candidates
    .map((r) => ({ id: r.id, at: Number(r.at), release: releaseAt(Number(r.at), calendar, r.tz ?? DEFAULT_TIME_ZONE) }))
    .filter((h) => h.release > h.at);
  if (held.length === 0) return;
  await tx`
    UPDATE deliveries d SET next_attempt_at = greatest(d.next_attempt_at, v.release)
    FROM (SELECT unnest(${held.map((h) => h.id)}::bigint[]) AS id,
                 unnest(${held.map((h) => new Date(h.release).toISOString())}::timestamptz[]) AS release) v
    WHERE d.id = v.id`;
}
