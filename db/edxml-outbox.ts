/**
 * The EDXML rows of the delivery outbox (channel 'edxml', docs/delivery.md): the unit's completion report when its
 * completion is confirmed (or recorded by the assigner), and the status messages of a package received by EDXML
 * (received, assigned, completed). Written in the caller's transaction, the one that records the event (or the
 * package), and keyed by message_key, so a retried activity or request adds nothing twice. A row holds the facts the
 * package is built from at send time (services/edxml-write.ts); the file stays in attachment_blobs.
 */
import { unitByCode } from '../data/units';
import type { EdxmlOutbound } from '../config/edxml-outbound';
import type { RecordedEvent } from '../workflows/contract';
import { OUTBOX_CHANNEL } from './outbox';
import { jsonb, type SqlOrTx } from './sql';

export const EDXML_RECIPIENT = 'edxml-outbound';

export interface Organ {
  organId: string;
  organName: string | null;
}
/** The organs of a received package, as services/inbound.ts keeps them (each resolved to a unit). */
interface InboundOrgan extends Organ {
  unitCode: string;
}
interface InboundRow {
  document_id: string;
  sender: InboundOrgan;
  recipients: InboundOrgan[];
  facts: { codeNumber: string; codeNotation: string; promulgationDate: string };
  received_at: Date;
}

export type StatusName = 'received' | 'assigned' | 'completed';

/** An instant as Vietnam writes it (+07:00, no daylight saving). */
export const vietnamTime = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().replace('Z', '+07:00');

const responseFor = (i: InboundRow) => ({
  organId: i.sender.organId,
  codeNumber: i.facts.codeNumber,
  codeNotation: i.facts.codeNotation,
  promulgationDate: i.facts.promulgationDate,
  documentId: i.document_id,
});

/** A unit as an organ: as the received package named it when it did (its OrganId on the exchange), else by its code. */
function unitOrgan(unitCode: string, inbound: InboundRow | null): Organ {
  const named = inbound?.recipients.find((r) => r.unitCode === unitCode) ?? (inbound?.sender.unitCode === unitCode ? inbound.sender : null);
  if (named) return { organId: named.organId, organName: named.organName };
  return { organId: unitCode, organName: unitByCode(unitCode)?.nameVi ?? null };
}

async function insertRow(tx: SqlOrTx, outbound: EdxmlOutbound, key: string, message: Record<string, unknown>): Promise<number> {
  const added = await tx`
    INSERT INTO deliveries (notification_id, channel, recipient, address, message_key, message)
    VALUES (NULL, 'edxml', ${EDXML_RECIPIENT}, ${outbound.url}, ${key}, ${jsonb(tx, message)})
    ON CONFLICT (message_key) WHERE message_key IS NOT NULL DO NOTHING
    RETURNING 1`;
  // Wakes an idle dispatcher at commit, as db/outbox.ts does.
  if (added.length > 0) await tx`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
  return added.length;
}

const inboundOf = async (tx: SqlOrTx, directiveId: string) =>
  (
    await tx<InboundRow[]>`
    SELECT document_id, sender, recipients, facts, received_at FROM inbound_documents WHERE directive_id = ${directiveId}`
  )[0] ?? null;

/** The status message of a received package, once per document and status. */
export async function enqueueEdxmlStatus(
  tx: SqlOrTx,
  outbound: EdxmlOutbound,
  documentId: string,
  status: StatusName,
  at: number,
  description: string,
): Promise<number> {
  const [inbound] = await tx<InboundRow[]>`
    SELECT document_id, sender, recipients, facts, received_at FROM inbound_documents WHERE document_id = ${documentId}`;
  if (!inbound) return 0;
  return insertRow(tx, outbound, `status/${documentId}/${status}`, {
    type: 'status',
    status,
    description,
    timestamp: vietnamTime(at),
    from: outbound.organ,
    to: { organId: inbound.sender.organId, organName: inbound.sender.organName },
    responseFor: responseFor(inbound),
  });
}

/** Where a received directive stands: completed when every assignment answering to no unit is done, and one is. */
export async function inboundProgress(
  tx: SqlOrTx,
  directiveId: string,
): Promise<{ status: StatusName; at: Date; assigned: number; completed: number }> {
  const [row] = await tx<
    { received_at: Date; assigned: number; completed: number; first_assigned: Date | null; last_completed: Date | null }[]
  >`
    SELECT i.received_at,
           count(a.workflow_id)::int AS assigned,
           count(a.workflow_id) FILTER (WHERE a.status IN ('completed_on_time', 'completed_late'))::int AS completed,
           (SELECT min(e.at) FROM assignment_events e JOIN assignments x ON x.workflow_id = e.workflow_id
            WHERE x.directive_id = i.directive_id AND e.kind = 'assigned') AS first_assigned,
           max(a.completed_at) AS last_completed
    FROM inbound_documents i
    LEFT JOIN assignments a ON a.directive_id = i.directive_id AND a.answers_to IS NULL AND a.status NOT IN ('cancelled', 'reassigned')
    WHERE i.directive_id = ${directiveId}
    GROUP BY i.directive_id, i.received_at`;
  if (!row) throw new Error(`directive ${directiveId} was not received by EDXML`);
  const { assigned, completed } = row;
  if (assigned > 0 && completed === assigned)
    return { status: 'completed', at: row.last_completed ?? row.received_at, assigned, completed };
  if (row.first_assigned) return { status: 'assigned', at: row.first_assigned, assigned, completed };
  return { status: 'received', at: row.received_at, assigned, completed };
}

export const statusDescription = (status: StatusName, number: string, p: { assigned: number; completed: number }) =>
  status === 'received'
    ? `Đã tiếp nhận văn bản số ${number}`
    : status === 'assigned'
      ? `Đã phân công thực hiện văn bản số ${number}`
      : `Đã hoàn thành văn bản số ${number}: ${p.completed}/${p.assigned} đơn vị chủ trì đã hoàn thành`;

/**
 * For one recorded event: the unit's report when a completion with a document number is confirmed, the 'assigned'
 * status on the received directive's first assignment, and the 'completed' status when its last one completes.
 * Called after the read model is written, in the same transaction.
 */
export async function enqueueEdxmlForEvent(tx: SqlOrTx, outbound: EdxmlOutbound | null, event: RecordedEvent): Promise<number> {
  if (!outbound) return 0;
  const { state } = event;
  const inbound = await inboundOf(tx, state.directiveId);
  let added = 0;
  const c = state.completion;
  if (event.kind === 'completed' && c?.confirmed && c.documentNumber) added += await enqueueReport(tx, outbound, event, inbound);
  if (!inbound) return added;
  const number = `${inbound.facts.codeNumber}/${inbound.facts.codeNotation}`;
  if (event.kind === 'assigned') {
    added += await enqueueEdxmlStatus(
      tx,
      outbound,
      inbound.document_id,
      'assigned',
      event.at,
      statusDescription('assigned', number, { assigned: 0, completed: 0 }),
    );
  }
  if (c?.confirmed || state.status === 'cancelled' || state.status === 'reassigned') {
    // One directive's closing events in turn: each sees what the others committed, so the last one sends the status.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${state.directiveId}, 3426))`;
    const progress = await inboundProgress(tx, state.directiveId);
    if (progress.status === 'completed') {
      added += await enqueueEdxmlStatus(
        tx,
        outbound,
        inbound.document_id,
        'completed',
        event.at,
        statusDescription('completed', number, progress),
      );
    }
  }
  return added;
}

async function enqueueReport(tx: SqlOrTx, outbound: EdxmlOutbound, event: RecordedEvent, inbound: InboundRow | null): Promise<number> {
  const { state } = event;
  const c = state.completion!;
  const [a] = await tx<{ answers_to: string | null; task_title: string; directive_number: string }[]>`
    SELECT a.answers_to, t.title AS task_title, d.number AS directive_number
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
    WHERE a.workflow_id = ${event.workflowId}`;
  if (!a) return 0;
  const [file] = c.documentSha256
    ? await tx<{ sha256: string; name: string; content_type: string; size: number }[]>`
        SELECT sha256, name, content_type, size FROM assignment_documents WHERE workflow_id = ${event.workflowId} AND sha256 = ${c.documentSha256}`
    : [];
  // A sub-assignment or contribution reports to the unit it answers to; the lead to whoever sent the directive.
  const answersToSender = a.answers_to === null && inbound !== null;
  const to = a.answers_to
    ? unitOrgan(a.answers_to, inbound)
    : inbound
      ? { organId: inbound.sender.organId, organName: inbound.sender.organName }
      : unitOrgan('vpcp', null);
  return insertRow(tx, outbound, `report/${event.workflowId}/${event.seq}`, {
    type: 'report',
    workflowId: event.workflowId,
    documentId: `dondoc-report/${event.workflowId}/${event.seq}`,
    from: unitOrgan(state.unitCode, inbound),
    to: [to],
    documentNumber: c.documentNumber,
    promulgationDate: c.documentDate ?? vietnamTime(event.at).slice(0, 10),
    place: null,
    documentTypeName: 'Báo cáo',
    subject: `Báo cáo kết quả thực hiện nhiệm vụ: ${a.task_title} (văn bản số ${a.directive_number})`,
    signer: c.documentSigner ?? null,
    responseFor: answersToSender ? responseFor(inbound!) : null,
    sentAt: vietnamTime(event.at),
    attachment: file
      ? { contentId: 'report', sha256: file.sha256, name: file.name, contentType: file.content_type, size: file.size }
      : null,
  });
}
