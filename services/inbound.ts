/**
 * Directives received as EDXML packages (issue 34): the package is read and its notice drafted in a drafting
 * thread (services/draft-pool.ts), its sender and recipients resolved to units (domain/edxml-organs.ts), then the
 * directive, the package's record and its attachments (content-addressed blobs) are written in one transaction,
 * keyed on the package's document id: the same package again answers what the first made and writes nothing.
 * The draft is an answer, as the draft route's is: its tasks are committed through the import.
 */
import { createHash } from 'node:crypto';
import { enqueueEdxmlStatus, statusDescription } from '../db/edxml-outbox';
import { jsonb } from '../db/sql';
import { REORGANISATIONS } from '../data/units';
import { resolveOrgan } from '../domain/edxml-organs';
import type { IsoDate } from '../domain/dates';
import type { DraftTask } from '../domain/task-extractor';
import { canSeeUnit, seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import { readInboundEdxml } from './draft-pool';
import { conflict, DomainError, notFound } from './errors';
import { authorize } from './use-cases';

export interface InboundOrgan {
  organId: string;
  organName: string | null;
  unitCode: string;
}
export interface InboundAttachment {
  contentId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}
export interface InboundView {
  directiveId: string;
  documentId: string;
  /** False when the package had been received before (nothing was written this time). */
  created: boolean;
  number: string;
  codeNumber: string;
  codeNotation: string;
  issuedOn: IsoDate;
  subject: string;
  documentType: string | null;
  dueDate: string | null;
  steeringType: string | null;
  signer: string | null;
  sender: InboundOrgan;
  recipients: InboundOrgan[];
  attachments: InboundAttachment[];
  draft: { contentId: string; tasks: DraftTask[] } | null;
}

/** The directive's id, derived from the package's document id (so a retry finds the first one). */
export const inboundDirectiveId = (documentId: string) => `edxml-${createHash('sha256').update(documentId).digest('hex').slice(0, 20)}`;

export async function receiveEdxml(deps: AppDeps, principal: Principal, body: Uint8Array): Promise<InboundView> {
  authorize(principal, 'registerDirectives');
  const read = await readInboundEdxml(deps, body);
  const pkg = read.package;
  const data = { units: deps.units.all(), reorganisations: REORGANISATIONS };
  const onDate = pkg.promulgationDate as IsoDate;
  const unknown: { field: string; reason: string }[] = [];
  const organ = (o: { organId: string; organName: string | null }, field: string): InboundOrgan => {
    const r = resolveOrgan(o, data, onDate);
    if (!r.unitCode)
      unknown.push({ field, reason: `organ ${o.organId}${o.organName ? ` (${o.organName})` : ''} is not a unit of the directory` });
    return { organId: o.organId, organName: o.organName, unitCode: r.unitCode ?? '' };
  };
  const sender = organ(pkg.from, 'MessageHeader.From.OrganId');
  const recipients = pkg.to.map((t, i) => organ(t, `MessageHeader.To[${i}].OrganId`));
  if (unknown.length > 0) {
    throw new DomainError(
      'unprocessable',
      'unknown-organs',
      `the package names organs that are not units of the directory: ${unknown.map((u) => u.reason.split(' is ')[0]).join(', ')}`,
      unknown,
    );
  }
  const directiveId = inboundDirectiveId(pkg.documentId);
  const packageSha256 = createHash('sha256').update(body).digest('hex');
  const number = `${pkg.codeNumber}/${pkg.codeNotation}`;
  const attachments: InboundAttachment[] = pkg.attachments.map((a) => ({
    contentId: a.contentId,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
  }));
  const facts = {
    codeNumber: pkg.codeNumber,
    codeNotation: pkg.codeNotation,
    place: pkg.place,
    documentType: pkg.documentType,
    dueDate: pkg.dueDate,
    steeringType: pkg.steeringType,
    signer: pkg.signer,
    subject: pkg.subject,
    promulgationDate: pkg.promulgationDate,
  };
  const draft = read.draft && { contentId: read.draft.contentId, tasks: read.draft.tasks };
  const created = await deps.sql.begin(async (tx) => {
    // One package at a time per document id: the second waits, then finds the first's record.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${pkg.documentId}, 34))`;
    const [existing] = await tx<{ package_sha256: string }[]>`
      SELECT package_sha256 FROM inbound_documents WHERE document_id = ${pkg.documentId}`;
    if (existing) return false;
    const inserted = await tx`
      INSERT INTO directives (id, number, kind, issuer, issued_on, title, summary, confirmation_required, created_by)
      VALUES (${directiveId}, ${number}, ${pkg.documentType ?? 'notice'}, ${deps.units.get(sender.unitCode)?.nameVi ?? sender.organName ?? sender.unitCode},
              ${pkg.promulgationDate}, ${pkg.subject}, '', false, ${principal.id})
      ON CONFLICT DO NOTHING RETURNING id`;
    if (inserted.length === 0)
      throw conflict(`a directive numbered ${number} of ${pkg.promulgationDate} already exists`, 'directive-exists');
    for (const [position, a] of pkg.attachments.entries()) {
      await tx`INSERT INTO attachment_blobs (sha256, size, bytes) VALUES (${a.sha256}, ${a.size}, ${Buffer.from(a.bytes)}) ON CONFLICT DO NOTHING`;
      await tx`
        INSERT INTO directive_attachments (directive_id, sha256, content_id, name, content_type, size, position)
        VALUES (${directiveId}, ${a.sha256}, ${a.contentId}, ${a.name}, ${a.contentType}, ${a.size}, ${position})
        ON CONFLICT DO NOTHING`;
    }
    await tx`
      INSERT INTO inbound_documents (document_id, directive_id, package_sha256, sender, recipients, facts, draft, received_by)
      VALUES (${pkg.documentId}, ${directiveId}, ${packageSha256}, ${jsonb(tx, sender)}, ${jsonb(tx, recipients)}, ${jsonb(tx, facts)},
              ${jsonb(tx, draft)}, ${principal.id})`;
    // The sender hears it was received (docs/delivery.md), with the package, once.
    if (deps.edxmlOutbound) {
      await enqueueEdxmlStatus(
        tx,
        deps.edxmlOutbound,
        pkg.documentId,
        'received',
        Date.now(),
        statusDescription('received', number, { assigned: 0, completed: 0 }),
      );
    }
    return true;
  });
  if (!created) return getInbound(deps, principal, pkg.documentId);
  return {
    directiveId,
    documentId: pkg.documentId,
    created: true,
    number,
    codeNumber: pkg.codeNumber,
    codeNotation: pkg.codeNotation,
    issuedOn: onDate,
    subject: pkg.subject,
    documentType: pkg.documentType,
    dueDate: pkg.dueDate,
    steeringType: pkg.steeringType,
    signer: pkg.signer,
    sender,
    recipients,
    attachments,
    draft,
  };
}

interface InboundRow {
  document_id: string;
  directive_id: string;
  sender: InboundOrgan;
  recipients: InboundOrgan[];
  facts: {
    codeNumber: string;
    codeNotation: string;
    documentType: string | null;
    dueDate: string | null;
    steeringType: string | null;
    signer: string | null;
    subject: string;
    promulgationDate: IsoDate;
  };
  draft: InboundView['draft'];
}

/** A received package as its first receipt answered it (created: false). */
async function getInbound(deps: AppDeps, principal: Principal, documentId: string): Promise<InboundView> {
  const [row] = await deps.sql<InboundRow[]>`SELECT * FROM inbound_documents WHERE document_id = ${documentId}`;
  if (!row) throw notFound(`package ${documentId}`);
  return {
    directiveId: row.directive_id,
    documentId: row.document_id,
    created: false,
    number: `${row.facts.codeNumber}/${row.facts.codeNotation}`,
    codeNumber: row.facts.codeNumber,
    codeNotation: row.facts.codeNotation,
    issuedOn: row.facts.promulgationDate,
    subject: row.facts.subject,
    documentType: row.facts.documentType,
    dueDate: row.facts.dueDate,
    steeringType: row.facts.steeringType,
    signer: row.facts.signer,
    sender: row.sender,
    recipients: row.recipients,
    attachments: await listAttachments(deps, principal, row.directive_id),
    draft: row.draft,
  };
}

/**
 * Who sees a directive's attachments: whoever sees all units, whoever sees one of its assignments, and the units
 * (in the caller's scope) a received package named as recipients. Anyone else gets 404, as for anything unseen.
 */
export async function assertSeesDirective(deps: AppDeps, principal: Principal, directiveId: string): Promise<void> {
  const sql = deps.sql;
  const [directive] = await sql<{ recipients: InboundOrgan[] | null }[]>`
    SELECT i.recipients FROM directives d LEFT JOIN inbound_documents i ON i.directive_id = d.id WHERE d.id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  if (seesAllUnits(principal)) return;
  if ((directive.recipients ?? []).some((r) => canSeeUnit(principal, r.unitCode))) return;
  const [seen] = await sql`
    SELECT 1 FROM assignments a WHERE a.directive_id = ${directiveId} ${visibleUnits(sql, principal, 'a.unit_code')} LIMIT 1`;
  if (!seen) throw notFound(`directive ${directiveId}`);
}

export async function listAttachments(deps: AppDeps, principal: Principal, directiveId: string): Promise<InboundAttachment[]> {
  await assertSeesDirective(deps, principal, directiveId);
  const rows = await deps.sql<{ content_id: string; name: string; content_type: string; size: number; sha256: string }[]>`
    SELECT content_id, name, content_type, size, sha256 FROM directive_attachments WHERE directive_id = ${directiveId} ORDER BY position`;
  return rows.map((r) => ({ contentId: r.content_id, name: r.name, contentType: r.content_type, size: r.size, sha256: r.sha256 }));
}

export async function getAttachment(
  deps: AppDeps,
  principal: Principal,
  directiveId: string,
  sha256: string,
): Promise<{ name: string; contentType: string; bytes: Uint8Array }> {
  await assertSeesDirective(deps, principal, directiveId);
  const [row] = await deps.sql<{ name: string; content_type: string; bytes: Buffer }[]>`
    SELECT a.name, a.content_type, b.bytes FROM directive_attachments a JOIN attachment_blobs b USING (sha256)
    WHERE a.directive_id = ${directiveId} AND a.sha256 = ${sha256}`;
  if (!row) throw notFound(`attachment ${sha256} of directive ${directiveId}`);
  return { name: row.name, contentType: row.content_type, bytes: new Uint8Array(row.bytes) };
}
