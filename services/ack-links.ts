/**
 * Acknowledging an escalation from its email: the signed link opens a page (a GET changes nothing, so mail scanners
 * that fetch links acknowledge nothing) whose button posts here. The post checks the signature and the expiry, that
 * the link was not used, and that the escalation it names still waits; then sends the same update as the dashboard's
 * button, as the person the email went to, keyed by the link so a repeat is the same update.
 */
import { ACK_LINK_KEY, readAckLink, type AckLinkClaim } from '../domain/ack-link';
import { signingKey } from '../db/signing-keys';
import { scopeOf, type Principal, type Role } from './access';
import { actOnAssignment } from './assignments';
import type { AppDeps } from './deps';
import { DomainError } from './errors';

export type AckLinkOutcome =
  | { kind: 'ready'; claim: AckLinkClaim }
  | { kind: 'acknowledged'; claim: AckLinkClaim }
  | { kind: 'used'; claim: AckLinkClaim }
  | { kind: 'refused'; reason: string };

const REASONS = {
  malformed: 'this link is not a dondoc acknowledgement link',
  forged: 'this link was not made by dondoc (its signature does not match)',
  expired: 'this link has expired',
} as const;

async function claimOf(deps: AppDeps, token: string): Promise<{ claim: AckLinkClaim } | { reason: string }> {
  const read = readAckLink(await signingKey(deps.sql, ACK_LINK_KEY), token, Date.now());
  return read.ok ? { claim: read.claim } : { reason: REASONS[read.reason] };
}

async function isUsed(deps: AppDeps, claim: AckLinkClaim): Promise<boolean> {
  const [row] = await deps.sql`SELECT 1 FROM used_ack_links WHERE link_id = ${claim.id}`;
  return row !== undefined;
}

/** What the page shows before the button is pressed: nothing is changed. */
export async function previewAckLink(deps: AppDeps, token: string): Promise<AckLinkOutcome> {
  const read = await claimOf(deps, token);
  if ('reason' in read) return { kind: 'refused', reason: read.reason };
  return { kind: (await isUsed(deps, read.claim)) ? 'used' : 'ready', claim: read.claim };
}

async function principalOf(deps: AppDeps, personId: string): Promise<Principal | null> {
  const [p] = await deps.sql<{ id: string; role: Role; unit_code: string | null; scope: string[] | null }[]>`
    SELECT id, role, unit_code, scope FROM people WHERE id = ${personId}`;
  if (!p) return null;
  return { id: p.id, tokenId: null, role: p.role, unitCode: p.unit_code, scope: scopeOf(p) };
}

/** The button was pressed: acknowledge once, however often the link is posted. */
export async function useAckLink(deps: AppDeps, token: string): Promise<AckLinkOutcome> {
  const read = await claimOf(deps, token);
  if ('reason' in read) return { kind: 'refused', reason: read.reason };
  const { claim } = read;
  if (await isUsed(deps, claim)) return { kind: 'used', claim };
  const principal = await principalOf(deps, claim.person);
  if (!principal) return { kind: 'refused', reason: 'the person this link was sent to is no longer known' };
  // Only the escalation the email was about: a later rung's window is acknowledged from its own email.
  const [row] = await deps.sql<{ awaiting_ack: { level?: number } | null }[]>`
    SELECT awaiting_ack FROM assignments WHERE workflow_id = ${claim.workflowId}`;
  if (row?.awaiting_ack?.level !== claim.level) {
    return { kind: 'refused', reason: 'this escalation no longer awaits acknowledgement (it was taken up, passed on, or resolved)' };
  }
  try {
    await actOnAssignment(
      deps,
      principal,
      claim.taskId,
      claim.unitCode,
      { action: 'acknowledgeEscalation', input: {} },
      `ack-link/${claim.id}`,
    );
  } catch (err) {
    if (err instanceof DomainError && err.kind !== 'unavailable') return { kind: 'refused', reason: err.message };
    throw err;
  }
  await deps.sql`
    INSERT INTO used_ack_links (link_id, person_id, workflow_id) VALUES (${claim.id}, ${claim.person}, ${claim.workflowId})
    ON CONFLICT (link_id) DO NOTHING`;
  return { kind: 'acknowledged', claim };
}
