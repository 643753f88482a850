/**
 * The unit's outgoing document: the file its completion report names (`documentSha256`), uploaded to the assignment
 * first and stored content-addressed with the inbound attachments (one blob per SHA-256). Whoever may complete the
 * assignment may upload; the same file again changes nothing. The outgoing EDXML report carries it
 * (db/edxml-outbox.ts, services/edxml-write.ts).
 */
import { createHash } from 'node:crypto';
import { actionRefusal } from './actions';
import { documentOf, type AssignmentDocument } from './assignment-documents';
import { findActable } from './assignments';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { forbidden, invalid, tooLarge } from './errors';
import { authorize } from './use-cases';

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const FILE_NAME = /^[^\\/\u0000-\u001f\u007f]{1,200}$/;

/** Who may upload to the assignment: who may complete it (404 when it is not seen, 403 when it may not be completed). */
export async function assertMayUpload(deps: AppDeps, principal: Principal, taskId: string, unitCode: string) {
  authorize(principal, 'uploadOutgoingDocuments');
  const row = await findActable(deps.sql, principal, taskId, unitCode);
  const refusal = actionRefusal(principal, 'complete', { unitCode: row.unit_code, answersTo: row.answers_to });
  if (refusal) throw forbidden(refusal);
  return row;
}

export async function uploadAssignmentDocument(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  file: { bytes: Uint8Array; name: string; contentType: string },
  maxBytes: number,
): Promise<AssignmentDocument & { created: boolean }> {
  const row = await assertMayUpload(deps, principal, taskId, unitCode);
  if (!FILE_NAME.test(file.name)) throw invalid('name', 'a file name of 1 to 200 characters, without slashes or control characters');
  if (file.bytes.byteLength === 0) throw invalid('file', 'the file is empty');
  if (file.bytes.byteLength > maxBytes) {
    throw tooLarge('too-large', 'file', `the file has ${file.bytes.byteLength} bytes; at most ${maxBytes} (IMPORT_MAX_UPLOAD_BYTES)`);
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
  const doc = { sha256, name: file.name, contentType, size: file.bytes.byteLength };
  const created = await deps.sql.begin(async (tx) => {
    await tx`INSERT INTO attachment_blobs (sha256, size, bytes) VALUES (${sha256}, ${doc.size}, ${Buffer.from(file.bytes)}) ON CONFLICT DO NOTHING`;
    const inserted = await tx`
      INSERT INTO assignment_documents (workflow_id, sha256, name, content_type, size, uploaded_by)
      VALUES (${row.workflow_id}, ${sha256}, ${doc.name}, ${contentType}, ${doc.size}, ${principal.id})
      ON CONFLICT DO NOTHING RETURNING 1`;
    return inserted.length > 0;
  });
  if (created) return { ...doc, created };
  // The same bytes again: the first upload's name and type stand.
  return { ...(await documentOf(deps.sql, row.workflow_id, sha256))!, created };
}
