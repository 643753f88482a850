/** The dashboard offers pause and resume exactly as the API allows them: coordinators, by the assignment's state. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../services/access';
import type { AssignmentView } from '../../services/assignments';
import { actionCommand } from '../../web/form-input';
import { availableActions } from '../../web/components/action-forms';

const coordinator: Principal = { id: 'c', tokenId: null, role: 'coordinator', unitCode: null, scope: 'all' };
const officer: Principal = { id: 'o', tokenId: null, role: 'unit', unitCode: 'an-giang', scope: ['an-giang'] };

const view = (paused: AssignmentView['paused']) =>
  ({
    workflowId: 'assignment/t/an-giang',
    taskId: 't',
    unitCode: 'an-giang',
    status: 'not_due',
    dueOn: '2030-01-31',
    dueAt: null,
    originalDueOn: '2030-01-31',
    completion: null,
    pendingExtension: null,
    refusal: null,
    reassignedTo: null,
    paused,
    answersTo: null,
  }) as unknown as AssignmentView;

describe('pause and resume on the dashboard', () => {
  it('offers pause to a coordinator on a running deadline and resume on a paused one, neither to the unit', () => {
    expect(availableActions(coordinator, view(null))).toContain('pause');
    expect(availableActions(coordinator, view(null))).not.toContain('resume');
    const paused = view({ at: 1, reason: 'waiting', by: 'c' });
    expect(availableActions(coordinator, paused)).toContain('resume');
    expect(availableActions(coordinator, paused)).not.toContain('pause');
    expect(availableActions(officer, paused)).not.toContain('resume');
    expect(availableActions(officer, paused)).not.toContain('complete');
    expect(availableActions(officer, view(null))).not.toContain('pause');
  });

  it('reads the forms as the API reads the bodies: a pause needs its reason', () => {
    expect(actionCommand('pause', { reason: ' legal review ' })).toEqual({
      ok: true,
      command: { action: 'pause', input: { reason: 'legal review' } },
    });
    expect(actionCommand('pause', {})).toMatchObject({ ok: false, why: expect.stringContaining('reason') });
    expect(actionCommand('resume', {})).toEqual({ ok: true, command: { action: 'resume', input: { note: '' } } });
  });
});
