/**
 * The status message of a received package (QCVN 102's Status: ResponseFor the document, StatusCode, Description,
 * Timestamp, the organ), as it stands now: received, assigned (a task of it was assigned) or completed (every
 * assignment answering to no unit completed). The same facts the outbound status messages carry (db/edxml-outbox.ts).
 */
import { DEFAULT_EDXML_ORGAN } from '../config/edxml-outbound';
import { inboundProgress, statusDescription, vietnamTime } from '../db/edxml-outbox';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { buildEdxmlStatus } from './edxml-write';
import { notFound } from './errors';
import { assertSeesDirective } from './inbound';

export async function inboundStatusMessage(deps: AppDeps, principal: Principal, documentId: string): Promise<string> {
  const [row] = await deps.sql<
    { directive_id: string; sender: { organId: string; organName: string | null }; facts: Record<string, string> }[]
  >`SELECT directive_id, sender, facts FROM inbound_documents WHERE document_id = ${documentId}`;
  if (!row) throw notFound(`package ${documentId}`);
  await assertSeesDirective(deps, principal, row.directive_id);
  const progress = await inboundProgress(deps.sql, row.directive_id);
  const number = `${row.facts.codeNumber}/${row.facts.codeNotation}`;
  return buildEdxmlStatus({
    status: progress.status,
    description: statusDescription(progress.status, number, progress),
    timestamp: vietnamTime(progress.at.getTime()),
    from: deps.edxmlOrgan ?? DEFAULT_EDXML_ORGAN,
    to: { organId: row.sender.organId, organName: row.sender.organName },
    responseFor: {
      organId: row.sender.organId,
      codeNumber: row.facts.codeNumber!,
      codeNotation: row.facts.codeNotation!,
      promulgationDate: row.facts.promulgationDate!,
      documentId,
    },
  });
}
