/**
 * The unit's outgoing documents as stored: the file a completion report names (`documentSha256`), uploaded to the
 * assignment first (services/assignment-document-upload.ts) and kept content-addressed with the inbound attachments.
 */
import type { SqlOrTx } from '../db/sql';
import { invalid } from './errors';

export interface AssignmentDocument {
  sha256: string;
  name: string;
  contentType: string;
  size: number;
}

export async function documentOf(sql: SqlOrTx, workflowId: string, sha256: string): Promise<AssignmentDocument | null> {
  const [doc] = await sql<AssignmentDocument[]>`
    SELECT sha256, name, content_type AS "contentType", size FROM assignment_documents
    WHERE workflow_id = ${workflowId} AND sha256 = ${sha256}`;
  return doc ?? null;
}

/** A completion may name only a file uploaded to its own assignment (400 naming the field otherwise). */
export async function assertDocumentUploaded(sql: SqlOrTx, workflowId: string, sha256: string | null | undefined): Promise<void> {
  if (!sha256) return;
  if (!(await documentOf(sql, workflowId, sha256))) {
    throw invalid('documentSha256', 'no file with this SHA-256 was uploaded to the assignment (POST …/documents first)');
  }
}
