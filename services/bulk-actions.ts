/**
 * One action sent to many units of a task at once (the coordinator's grid): each unit's action is checked and
 * sent as if alone, so one unit's refusal stops none of the others.
 */
import type { Principal } from './access';
import type { ActionCommand } from './actions';
import { actOnAssignment } from './assignments';
import type { AppDeps } from './deps';
import { DomainError } from './errors';
import { authorize } from './use-cases';

export const MAX_BULK_UNITS = 500;

export interface BulkResult {
  done: number;
  refused: { unitCode: string; message: string }[];
}

export async function actInBulk(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCodes: readonly string[],
  command: ActionCommand,
  /** A bulk extension is granted at once, with this note. */
  extensionNote = '',
): Promise<BulkResult> {
  authorize(principal, 'actInBulk');
  const result: BulkResult = { done: 0, refused: [] };
  for (const unitCode of unitCodes.slice(0, MAX_BULK_UNITS)) {
    try {
      if (command.action === 'requestExtension') {
        try {
          await actOnAssignment(deps, principal, taskId, unitCode, command, undefined);
        } catch (err) {
          // An extension already requested by the unit is decided below.
          if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
        }
        const decision: ActionCommand = { action: 'decideExtension', input: { approve: true, note: extensionNote } };
        await actOnAssignment(deps, principal, taskId, unitCode, decision, undefined);
      } else {
        await actOnAssignment(deps, principal, taskId, unitCode, command, undefined);
      }
      result.done += 1;
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error({ err, taskId, unitCode }, 'bulk action failed');
      result.refused.push({ unitCode, message: err instanceof DomainError ? err.message : 'internal error' });
    }
  }
  return result;
}
