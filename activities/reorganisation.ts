/**
 * The reorganisation batch's I/O: which open assignments of the dissolved units remain (by workflow id, so
 * the batch pages through them once), and reassigning a page of them through the workflows' `reassign`
 * update with derived update ids. A move already made (the assignment workflow closed as reassigned) counts
 * as done, so a retried page after a crash reports the same outcome and moves nothing twice.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { REORGANISATIONS } from '../data/units';
import type { Sql } from '../db/sql';
import { OPEN_STATUSES } from '../domain/status';
import type { Reorganisation } from '../domain/units';
import {
  reassignUpdate,
  reorganisationMoveMessageId,
  type ReorganisationMove,
  type ReorganisationMoveFailure,
} from '../workflows/contract';
import { sendPage } from './page-of-messages';

function reorganisation(id: string): Reorganisation {
  const reorg = REORGANISATIONS.find((r) => r.id === id);
  if (!reorg) throw new Error(`unknown reorganisation ${id}`);
  return reorg;
}

export function createReorganisationActivities(sql: Sql, client: Client) {
  async function countReorganisationMoves(reorganisationId: string): Promise<number> {
    const from = reorganisation(reorganisationId).moves.map((m) => m.from);
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments WHERE unit_code = ANY(${from}) AND status = ANY(${OPEN_STATUSES as string[]})`;
    return row!.n;
  }

  async function nextReorganisationMoves(input: {
    reorganisationId: string;
    after: string | null;
    limit: number;
  }): Promise<ReorganisationMove[]> {
    const reorg = reorganisation(input.reorganisationId);
    const to = new Map(reorg.moves.map((m) => [m.from, m.to]));
    const rows = await sql<{ workflowId: string; unitCode: string }[]>`
      SELECT workflow_id AS "workflowId", unit_code AS "unitCode" FROM assignments
      WHERE unit_code = ANY(${[...to.keys()]}) AND status = ANY(${OPEN_STATUSES as string[]})
        ${input.after ? sql`AND workflow_id > ${input.after}` : sql``}
      ORDER BY workflow_id LIMIT ${input.limit}`;
    return rows.map((r) => ({ workflowId: r.workflowId, toUnit: to.get(r.unitCode)! }));
  }

  async function applyReorganisationMoves(input: {
    reorganisationId: string;
    actorId: string;
    moves: ReorganisationMove[];
  }): Promise<{ moved: number; merged: number; failures: ReorganisationMoveFailure[] }> {
    const reorg = reorganisation(input.reorganisationId);
    const reason = `${reorg.name} (${reorg.legalBasis}), effective ${reorg.effectiveOn}`;
    const outcome = { moved: 0, merged: 0, failures: [] as ReorganisationMoveFailure[] };
    // One move at a time: two predecessors that merge into one successor must not race to start it.
    await sendPage(client, input.moves, 1, async (move) => {
      const messageId = reorganisationMoveMessageId(reorg.id, move.workflowId);
      try {
        const state = await client.workflow.getHandle(move.workflowId).executeUpdate(reassignUpdate, {
          args: [{ messageId, actor: { kind: 'system', id: input.actorId }, toUnit: move.toUnit, reason }],
          updateId: messageId,
        });
        outcome.moved += 1;
        if (state.reassignedTo?.merged) outcome.merged += 1;
      } catch (err) {
        const failure = await alreadyMoved(move, err);
        if (failure === null) outcome.moved += 1;
        else outcome.failures.push({ ...move, reason: failure });
      }
    });
    return outcome;
  }

  /** null when the move was made before (a retried page); otherwise why it cannot be made. */
  async function alreadyMoved(move: ReorganisationMove, err: unknown): Promise<string | null> {
    const [row] = await sql<{ status: string; reassigned_to: string | null }[]>`
      SELECT status, reassigned_to FROM assignments WHERE workflow_id = ${move.workflowId}`;
    if (row?.status === 'reassigned' && row.reassigned_to === move.toUnit) return null;
    if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
    if (err instanceof WorkflowNotFoundError) return `the assignment is ${row?.status ?? 'gone'}`;
    throw err;
  }

  return { countReorganisationMoves, nextReorganisationMoves, applyReorganisationMoves };
}
