/**
 * Records one assignment event in one transaction: the event row, its notifications, their deliveries (the
 * outbox) and the read-model snapshot. Keyed by (workflow id, seq), so a retried activity writes nothing twice, and the
 * snapshot only replaces an older one, so events recorded out of order never roll the read model back.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EdxmlOutbound } from '../config/edxml-outbound';
import { createCalendarProvider } from '../db/calendars';
import { enqueueEdxmlForEvent } from '../db/edxml-outbox';
import { enqueueDeliveries, type EnqueueOptions } from '../db/outbox';
import { keepExecutionSpans } from '../db/execution-summary';
import { followParent, noticesForLevels } from '../db/levels';
import { jsonb, type Sql } from '../db/sql';
import { UNRECORDABLE_EVENT, type RecordedEvent } from '../workflows/contract';

/** What a delivered message needs beyond the notice: the escalation level and rung of a step. */
function noticeDetails(event: RecordedEvent): Record<string, unknown> {
  const { level, rung, offset, ackBy } = event.data as { level?: unknown; rung?: unknown; offset?: unknown; ackBy?: unknown };
  return {
    level: level ?? null,
    rung: rung ?? null,
    offset: offset ?? null,
    escalationLevel: event.state.escalationLevel,
    // An escalation its reader must acknowledge: the window's end, for the email's one-click link.
    ...(typeof ackBy === 'number' ? { ackBy } : {}),
  };
}

const ts = (ms: number | null | undefined) => (ms == null ? null : new Date(ms));

/**
 * Postgres errors no retry can cure: invalid text representation (22P02, e.g. a lone surrogate in JSON),
 * untranslatable character (22P05), character not in repertoire (22021),
 * program limit exceeded (54000, e.g. a value too large to index), string data right truncation (22001).
 */
const PERMANENT_CODES = new Set(['22P02', '22P05', '22021', '54000', '22001', '22003', '22007', '22008']);

function isPermanent(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && PERMANENT_CODES.has(code);
}

export function createRecordEvent(
  sql: Sql,
  options: { keepSummary?: boolean; quietHours?: boolean; edxmlOutbound?: EdxmlOutbound | null } = {},
) {
  // Quiet hours judge each email by the official calendar: read once a minute, not per event.
  const calendars = createCalendarProvider(sql, 60_000);
  const enqueue: EnqueueOptions = { quietHours: options.quietHours ? { calendar: calendars.get } : null };
  return async function recordEvent(event: RecordedEvent): Promise<void> {
    try {
      await write(event);
    } catch (err) {
      if (!isPermanent(err)) throw err;
      throw ApplicationFailure.nonRetryable(
        `event ${event.workflowId}#${event.seq} cannot be stored: ${err.message} (${err.code})`,
        UNRECORDABLE_EVENT,
      );
    }
  };

  async function write(event: RecordedEvent): Promise<void> {
    const { state } = event;
    const at = new Date(event.at);
    await sql.begin(async (tx) => {
      const inserted = await tx`
        INSERT INTO assignment_events (workflow_id, seq, kind, at, actor, message_id, status, data)
        VALUES (${event.workflowId}, ${event.seq}, ${event.kind}, ${at}, ${jsonb(tx, event.actor)},
                ${event.messageId}, ${state.status}, ${jsonb(tx, event.data)})
        ON CONFLICT (workflow_id, seq) DO NOTHING
        RETURNING seq`;
      if (inserted.length === 0) return;
      // A sub-assignment's or co-operating assignment's coordinator notices go to the unit it answers to; one statement for all.
      const details = jsonb(tx, noticeDetails(event));
      const notices = (await noticesForLevels(tx, event)).map((n) => ({
        workflow_id: event.workflowId,
        seq: event.seq,
        recipient_unit: n.recipientUnit,
        recipient_role: n.recipientRole,
        kind: n.kind,
        title: n.title,
        body: n.body,
        created_at: at,
        due_on: state.dueOn,
        details,
      }));
      const notificationIds = notices.length
        ? (
            await tx<{ id: string }[]>`
              INSERT INTO notifications ${tx(notices)}
              ON CONFLICT (workflow_id, seq, recipient_unit, recipient_role) DO NOTHING
              RETURNING id::text`
          ).map((r) => r.id)
        : [];
      const row = {
        workflow_id: event.workflowId,
        task_id: state.taskId,
        directive_id: state.directiveId,
        unit_code: state.unitCode,
        original_unit: state.originalUnit,
        predecessor_workflow_id: state.predecessorWorkflowId,
        status: state.status,
        due_on: state.dueOn,
        due_at: ts(state.dueAt),
        original_due_on: state.originalDueOn,
        acknowledged_at: ts(state.acknowledgedAt),
        progress_percent: state.progress?.percent ?? null,
        progress_note: state.progress?.note ?? null,
        progress_at: ts(state.progress?.at),
        completion: state.completion ? jsonb(tx, state.completion) : null,
        completed_at: state.completion?.confirmed ? ts(state.completion.reportedAt) : null,
        pending_extension: state.pendingExtension ? jsonb(tx, state.pendingExtension) : null,
        due_date_changes: jsonb(tx, state.dueDateChanges),
        cancelled_at: ts(state.cancelled?.at),
        reassigned_to: state.reassignedTo?.unitCode ?? null,
        refusal: state.refusal ? jsonb(tx, state.refusal) : null,
        paused: state.paused ? jsonb(tx, state.paused) : null,
        awaiting_ack: state.awaitingAck ? jsonb(tx, state.awaitingAck) : null,
        escalation_level: state.escalationLevel,
        escalation_rung: state.escalationRung,
        version: event.seq,
        updated_at: at,
      };
      await tx`
        INSERT INTO assignments ${tx(row)}
        ON CONFLICT (workflow_id) DO UPDATE SET
          unit_code = EXCLUDED.unit_code, original_unit = EXCLUDED.original_unit,
          predecessor_workflow_id = EXCLUDED.predecessor_workflow_id, status = EXCLUDED.status,
          due_on = EXCLUDED.due_on, due_at = EXCLUDED.due_at, original_due_on = EXCLUDED.original_due_on,
          acknowledged_at = EXCLUDED.acknowledged_at, progress_percent = EXCLUDED.progress_percent,
          progress_note = EXCLUDED.progress_note, progress_at = EXCLUDED.progress_at,
          completion = EXCLUDED.completion, completed_at = EXCLUDED.completed_at,
          pending_extension = EXCLUDED.pending_extension, due_date_changes = EXCLUDED.due_date_changes,
          cancelled_at = EXCLUDED.cancelled_at, reassigned_to = EXCLUDED.reassigned_to, refusal = EXCLUDED.refusal,
          paused = EXCLUDED.paused, awaiting_ack = EXCLUDED.awaiting_ack,
          escalation_level = EXCLUDED.escalation_level, escalation_rung = EXCLUDED.escalation_rung,
          version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
        WHERE assignments.version < EXCLUDED.version`;
      await followParent(tx, event, enqueue);
      // The five-column summary, from this assignment's events including this one (db/execution-summary.ts).
      if (options.keepSummary ?? true) await keepExecutionSpans(tx, event);
      // After the read model, so webhook subscriptions filtered by unit see this assignment.
      await enqueueDeliveries(tx, notificationIds, enqueue);
      // The EDXML report and status messages (db/edxml-outbox.ts), also after the read model, which they read.
      await enqueueEdxmlForEvent(tx, options.edxmlOutbound ?? null, event);
    });
  }
}
